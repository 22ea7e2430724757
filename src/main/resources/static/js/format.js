// Times and days in the reader's own locale and time zone.

// hour 'numeric': "9:05 PM", not "09:05 PM"; locales that write 24-hour times with a leading
// zero ("09:05") keep it, as their pattern says.
const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const shortDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const longDate = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

const DAY_MS = 86_400_000;

/** A local calendar day, as a key that sorts and compares. */
export function dayKey(iso) {
  const date = new Date(iso);
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

function daysAgo(iso) {
  const start = (date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  return Math.round((start(new Date()) - start(new Date(iso))) / DAY_MS);
}

/** A message's time of day. */
export const clock = (iso) => time.format(new Date(iso));

/** The full date and time, for tooltips. */
export const fullTime = (iso) => full.format(new Date(iso));

/** A day separator: Today, Yesterday, or the date. */
export function dayLabel(iso) {
  const ago = daysAgo(iso);
  if (ago === 0) return 'Today';
  if (ago === 1) return 'Yesterday';
  return longDate.format(new Date(iso));
}

/** The conversation list's short time: the time today, the weekday this week, else the date. */
export function listTime(iso) {
  const ago = daysAgo(iso);
  if (ago === 0) return clock(iso);
  if (ago < 7) return weekday.format(new Date(iso));
  return shortDate.format(new Date(iso));
}

const UNITS = ['B', 'KB', 'MB', 'GB'];

/** A byte count for people: 1.4 MB. */
export function bytes(count) {
  let value = count;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

/** Seconds left, roughly: 45 s, 3 min. */
export function duration(seconds) {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 360) / 10} h`;
}
