// The emoji picker, shared by the composer and the reactions: a search field over a grid of
// emoji (listbox pattern: the focus stays in the field, arrow keys move the active emoji,
// Enter picks it, Escape closes), recently used ones first. The data (js/emoji.json,
// tools/emoji/README.md) loads the first time the picker opens.

import { $on, el, show } from '../dom.js';
import { t } from '../i18n.js';

const RECENT_KEY = 'tidings.emoji.recent';
// Two rows of the grid: enough to hold what one person reaches for.
const RECENT_MAX = 16;
// The grid's columns (css: .emoji-grid); Up and Down move by this many.
const COLUMNS = 8;
// A search shows at most this many matches: more is a wall nobody scans.
const MATCHES_MAX = 96;

// The groups of the data (Unicode's names), in the reader's language.
const GROUPS = {
  'Smileys & Emotion': t('emoji.group.smileys'),
  'People & Body': t('emoji.group.people'),
  'Animals & Nature': t('emoji.group.animals'),
  'Food & Drink': t('emoji.group.food'),
  'Travel & Places': t('emoji.group.travel'),
  Activities: t('emoji.group.activities'),
  Objects: t('emoji.group.objects'),
  Symbols: t('emoji.group.symbols'),
  Flags: t('emoji.group.flags'),
};

let data = null;

async function emojiData() {
  data ??= fetch('/js/emoji.json').then((response) => {
    if (!response.ok) throw new Error(`emoji data: HTTP ${response.status}`);
    return response.json();
  });
  try {
    return await data;
  } catch (error) {
    data = null;
    throw error;
  }
}

/** The emoji someone used lately, newest first (this browser only). */
export function recentEmoji() {
  try {
    const recent = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(recent) ? recent.filter((item) => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

function remember(emoji) {
  const recent = [emoji, ...recentEmoji().filter((item) => item !== emoji)].slice(0, RECENT_MAX);
  localStorage.setItem(RECENT_KEY, JSON.stringify(recent));
}

export class EmojiPicker {
  #root;
  #search;
  #grid;
  #options = []; // [{emoji, name, node}] as shown
  #active = 0;
  #onPick = null;
  #returnFocus = null;

  constructor() {
    this.#search = el('input', {
      className: 'emoji-search',
      attrs: { type: 'search', placeholder: t('emoji.search'), 'aria-label': t('emoji.search'), autocomplete: 'off', role: 'combobox', 'aria-controls': 'emoji-grid', 'aria-expanded': 'true' },
    });
    this.#grid = el('div', { className: 'emoji-grid', attrs: { id: 'emoji-grid', role: 'listbox', 'aria-label': t('emoji.grid') } });
    this.#root = el('div', { className: 'emoji-picker', attrs: { id: 'emoji-picker', role: 'dialog', 'aria-label': t('emoji.pick') } }, this.#search, this.#grid);
    this.#root.hidden = true;
    document.body.append(this.#root);

    $on(this.#search, 'input', () => this.#fill());
    $on(this.#search, 'keydown', (event) => this.#key(event));
    $on(this.#grid, 'mousedown', (event) => event.preventDefault());
    $on(this.#grid, 'click', (event) => {
      const option = event.target.closest('[role=option]');
      if (option) this.#pick(Number(option.dataset.index));
    });
    $on(document, 'mousedown', (event) => {
      if (!this.#root.hidden && !this.#root.contains(event.target)) this.close(false);
    });
  }

  get isOpen() {
    return !this.#root.hidden;
  }

  /** Opens next to `anchor`; onPick(emoji) gets the choice. Focus returns to `anchor` after. */
  async open(anchor, onPick) {
    this.#onPick = onPick;
    this.#returnFocus = anchor;
    this.#search.value = '';
    this.#grid.replaceChildren(el('p', { className: 'muted', text: t('common.loading') }));
    show(this.#root, true);
    this.#place(anchor);
    this.#search.focus();
    try {
      await emojiData();
      this.#fill();
    } catch {
      this.#grid.replaceChildren(el('p', { className: 'form-error', text: t('emoji.loadFailed') }));
    }
  }

  close(returnFocus = true) {
    if (this.#root.hidden) return;
    show(this.#root, false);
    this.#onPick = null;
    if (returnFocus) this.#returnFocus?.focus();
  }

  /** Below the anchor when there is room, else above it; kept inside the window. */
  #place(anchor) {
    const box = anchor.getBoundingClientRect();
    const own = this.#root.getBoundingClientRect();
    const left = Math.max(8, Math.min(box.left, window.innerWidth - own.width - 8));
    const below = box.bottom + 4 + own.height <= window.innerHeight;
    const top = below ? box.bottom + 4 : Math.max(8, box.top - own.height - 4);
    // CSP forbids inline style attributes, but the CSSOM (element.style) is allowed.
    this.#root.style.left = `${left}px`;
    this.#root.style.top = `${top}px`;
  }

  async #fill() {
    const groups = await emojiData();
    const query = this.#search.value.trim().toLowerCase();
    const sections = [];
    if (query) {
      const words = query.split(/\s+/);
      const matches = [];
      for (const [, list] of groups) {
        for (const [emoji, name] of list) {
          if (words.every((word) => name.includes(word))) matches.push({ emoji, name });
        }
      }
      // Names that start with the query first: "cat" finds 🐱 before "bobcat"-like matches.
      matches.sort((a, b) => Number(!a.name.startsWith(query)) - Number(!b.name.startsWith(query)));
      sections.push([t('emoji.results'), matches.slice(0, MATCHES_MAX)]);
    } else {
      const names = new Map(groups.flatMap(([, list]) => list));
      const recent = recentEmoji().map((emoji) => ({ emoji, name: names.get(emoji) ?? emoji }));
      if (recent.length) sections.push([t('emoji.recent'), recent]);
      for (const [group, list] of groups) sections.push([GROUPS[group] ?? group, list.map(([emoji, name]) => ({ emoji, name }))]);
    }
    this.#options = [];
    const nodes = [];
    for (const [title, list] of sections) {
      if (list.length === 0) continue;
      nodes.push(el('p', { className: 'emoji-group', text: title, attrs: { role: 'presentation' } }));
      for (const { emoji, name } of list) {
        const index = this.#options.length;
        const node = el('span', {
          className: 'emoji-option',
          text: emoji,
          dataset: { index: String(index) },
          attrs: { role: 'option', id: `emoji-option-${index}`, title: name, 'aria-label': name, 'aria-selected': 'false' },
        });
        this.#options.push({ emoji, name, node });
        nodes.push(node);
      }
    }
    if (this.#options.length === 0) nodes.push(el('p', { className: 'muted', text: t('emoji.none') }));
    this.#grid.replaceChildren(...nodes);
    this.#activate(0);
  }

  #activate(index) {
    if (this.#options.length === 0) {
      this.#search.removeAttribute('aria-activedescendant');
      return;
    }
    this.#options[this.#active]?.node.setAttribute('aria-selected', 'false');
    this.#active = Math.max(0, Math.min(index, this.#options.length - 1));
    const { node } = this.#options[this.#active];
    node.setAttribute('aria-selected', 'true');
    this.#search.setAttribute('aria-activedescendant', node.id);
    node.scrollIntoView({ block: 'nearest' });
  }

  #key(event) {
    const moves = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS };
    if (event.key in moves && !(this.#search.value && (event.key === 'ArrowLeft' || event.key === 'ArrowRight') && event.shiftKey)) {
      event.preventDefault();
      this.#activate(this.#active + moves[event.key]);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      this.#pick(this.#active);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.close();
    } else if (event.key === 'Tab') {
      this.close(false);
    }
  }

  #pick(index) {
    const option = this.#options[index];
    if (!option) return;
    const handler = this.#onPick;
    remember(option.emoji);
    this.close();
    handler?.(option.emoji);
  }
}

/** The picker's one instance, made when first needed. */
let shared = null;
export function emojiPicker() {
  shared ??= new EmojiPicker();
  return shared;
}
