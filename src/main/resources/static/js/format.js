// Times and days in the reader's language (the client's, js/i18n.js) and time zone.

import { language, t } from './i18n.js';

// hour 'numeric': "9:05 PM", not "09:05 PM"; locales that write 24-hour times with a leading
// zero ("09:05") keep it, as their pattern says.
const time = new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit' });
const weekday = new Intl.DateTimeFormat(language, { weekday: 'short' });
const shortDate = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short' });
const longDate = new Intl.DateTimeFormat(language, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const full = new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short' });

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
  if (ago === 0) return t('time.today');
  if (ago === 1) return t('time.yesterday');
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
const number = (value, digits) => value.toLocaleString(language, { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A byte count for people: 1.4 MB. */
export function bytes(count) {
  let value = count;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? number(value, 0) : number(value, value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

/** Seconds left, roughly: 45 s, 3 min. */
export function duration(seconds) {
  if (seconds < 60) return t('time.seconds', { n: Math.max(1, Math.round(seconds)) });
  if (seconds < 3600) return t('time.minutes', { n: Math.round(seconds / 60) });
  return t('time.hours', { n: Math.round(seconds / 360) / 10 });
}
