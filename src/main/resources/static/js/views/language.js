// The language picker (docs/client.md, "Languages"): on the sign-in page and in the sidebar's
// header. It shows the language in use (the browser's, until someone picks one); choosing
// remembers the choice and reloads the page in that language.

import { el, qs } from '../dom.js';
import { LANGUAGES, language, switchLanguage, t } from '../i18n.js';

function picker(id) {
  const select = el(
    'select',
    { className: 'language-select', attrs: { id, title: t('language.title') }, on: { change: (event) => switchLanguage(event.target.value) } },
    ...Object.entries(LANGUAGES).map(([tag, { name }]) => el('option', { text: name, attrs: { value: tag, lang: tag } })),
  );
  select.value = language;
  return el('label', { className: 'language-setting' }, el('span', { className: 'visually-hidden', text: t('language.label') }), select);
}

/** Puts the two pickers in the page. */
export function addLanguagePickers() {
  qs('#auth .tagline').after(picker('language-auth'));
  qs('#sign-out').before(picker('language-me'));
  document.documentElement.dataset.language = language;
}
