// The client's words (docs/client.md, "Languages"): every text a person reads comes from a
// message catalog, js/i18n/<language>.js, through t(key, params). The language follows the
// browser unless the person picked one (kept in localStorage); switching reloads the page, so
// every view is built again in the new language.

import en from './i18n/en.js';
import zhCN from './i18n/zh-CN.js';

/** The languages the client speaks: tag → { name (in that language), messages }. */
export const LANGUAGES = {
  en: { name: 'English', messages: en },
  'zh-CN': { name: '简体中文', messages: zhCN },
};

const STORAGE_KEY = 'tidings.language';

/** The catalog's language for a BCP 47 tag: zh, zh-CN, zh-Hans… → zh-CN; en-GB → en. */
export function matchLanguage(tag) {
  const lower = String(tag ?? '').toLowerCase();
  if (LANGUAGES[tag]) return tag;
  // Traditional Chinese would rather read English than Simplified characters it did not ask for.
  if (lower === 'zh' || (lower.startsWith('zh-') && !/^zh-(hant|tw|hk|mo)/.test(lower))) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return null;
}

function chooseLanguage() {
  let stored = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be off (private modes); the browser's languages still decide.
  }
  if (stored && LANGUAGES[stored]) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const match = matchLanguage(tag);
    if (match) return match;
  }
  return 'en';
}

/** The language in use, a key of LANGUAGES; also the locale for Intl. */
export const language = chooseLanguage();
const messages = LANGUAGES[language].messages;
const plurals = new Intl.PluralRules(language);

/**
 * The text for `key` in the current language, English when the catalog lacks it (a key added
 * with a feature before its translation), the key itself when neither has it. `{name}` in the
 * text is replaced by params.name. A plural text is an object of Intl.PluralRules categories
 * ({one, other}; Chinese needs only other), chosen by params.count.
 */
export function t(key, params = {}) {
  let text = messages[key] ?? en[key] ?? key;
  if (typeof text === 'object') {
    const count = Number(params.count ?? 0);
    text = text[plurals.select(count)] ?? text.other;
  }
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in params ? formatParam(params[name]) : match));
}

function formatParam(value) {
  return typeof value === 'number' ? value.toLocaleString(language) : String(value);
}

/** Whether the catalogs have a text for `key` (to fall back to the server's words otherwise). */
export function has(key) {
  return key in messages || key in en;
}

/** Picks a language (null: follow the browser again) and reloads the page in it. */
export function switchLanguage(tag) {
  try {
    if (tag) localStorage.setItem(STORAGE_KEY, tag);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Without storage the choice cannot outlive the page; nothing more to do.
  }
  location.reload();
}

/**
 * Translates the static page: data-i18n sets the text, data-i18n-placeholder, -title,
 * -aria-label and -label the attribute of that name.
 */
export function translatePage(root = document) {
  document.documentElement.lang = language;
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const attr of ['placeholder', 'title', 'aria-label', 'label']) {
    const data = `data-i18n-${attr}`;
    for (const node of root.querySelectorAll(`[${data}]`)) node.setAttribute(attr, t(node.getAttribute(data)));
  }
}

/**
 * The person-readable text of a server problem: the catalog's `problem.<code>` when it has one
 * (the stable code from docs/api.md), otherwise the server's own detail.
 */
export function problemText(code, detail, params = {}) {
  const key = `problem.${code}`;
  const text = key in messages ? messages[key] : en[key];
  return code && text != null ? t(key, params) : detail;
}
