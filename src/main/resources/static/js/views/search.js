// The search box and its results (docs/client.md, "Search"): results grouped by conversation,
// each a button that opens the conversation at that message. The server sends the snippet as
// plain text plus highlight ranges; the ranges become <mark> elements around text nodes, so no
// message text is ever parsed as markup.

import { api } from '../api.js';
import { $on, el, formError, qs, show } from '../dom.js';
import { listTime } from '../format.js';

export class SearchView {
  #form = qs('#search-form');
  #input = qs('#search-q');
  #panel = qs('#search-results');
  #groups = qs('#search-groups');
  #empty = qs('#search-empty');
  #more = qs('#search-more');
  #query = '';
  #cursor = null;
  #results = [];
  #onOpen = () => {};

  constructor() {
    $on(this.#form, 'submit', (event) => {
      event.preventDefault();
      this.#search(this.#input.value.trim(), null);
    });
    $on(this.#more, 'click', () => this.#search(this.#query, this.#cursor));
    $on(qs('#search-close'), 'click', () => this.reset());
  }

  /** onOpen(conversationId, seq) when a result is clicked. */
  bindOpen(handler) {
    this.#onOpen = handler;
  }

  reset() {
    this.#query = '';
    this.#cursor = null;
    this.#results = [];
    this.#input.value = '';
    formError(this.#form, '');
    this.#groups.replaceChildren();
    this.#showPanel(false);
  }

  async #search(query, cursor) {
    formError(this.#form, '');
    try {
      const page = await api.search(query, cursor);
      this.#query = query;
      this.#results = cursor ? [...this.#results, ...page.results] : page.results;
      this.#cursor = page.nextCursor ?? null;
      this.#render();
    } catch (error) {
      formError(this.#form, error.message);
    }
  }

  #showPanel(visible) {
    show(this.#panel, visible);
    // The friends and groups lists make way while results are shown.
    for (const node of document.querySelectorAll('.sidebar > .tabs, .sidebar > .panel:not(#search-results)')) {
      node.classList.toggle('behind-search', visible);
    }
  }

  #render() {
    const byConversation = new Map();
    for (const result of this.#results) {
      const key = result.conversation.id;
      if (!byConversation.has(key)) byConversation.set(key, { conversation: result.conversation, results: [] });
      byConversation.get(key).results.push(result);
    }
    this.#groups.replaceChildren(
      ...[...byConversation.values()].map(({ conversation, results }) =>
        el(
          'li',
          { className: 'search-group', dataset: { conversationId: conversation.id } },
          el('h2', { className: 'list-title', text: conversation.title ?? '' }),
          el('ul', {}, ...results.map((result) => this.#item(result))),
        ),
      ),
    );
    show(this.#empty, this.#results.length === 0);
    show(this.#more, this.#cursor != null);
    this.#showPanel(true);
  }

  #item(result) {
    const button = el(
      'button',
      {
        className: 'search-result',
        dataset: { conversationId: result.conversation.id, seq: result.seq },
        attrs: { type: 'button' },
        on: { click: () => this.#onOpen(result.conversation.id, result.seq) },
      },
      el('span', { className: 'search-meta muted', text: `${result.sender.displayName} · ${listTime(result.sentAt)}` }),
      highlighted(result.snippet),
    );
    return el('li', {}, button);
  }
}

/** The snippet's text with its highlight ranges wrapped in <mark>, built from text nodes only. */
function highlighted(snippet) {
  const text = el('span', { className: 'search-snippet' });
  let at = 0;
  for (const { start, end } of snippet.highlights ?? []) {
    if (start < at || end > snippet.text.length) continue;
    text.append(document.createTextNode(snippet.text.slice(at, start)), el('mark', { text: snippet.text.slice(start, end) }));
    at = end;
  }
  text.append(document.createTextNode(snippet.text.slice(at)));
  return text;
}
