// The message field and what it can be doing besides writing a new message: editing one
// (Up in an empty field edits your last, Escape cancels), replying to one, completing an
// @mention, inserting an emoji. Drafts are kept per conversation.

import { $on, el, qs, show } from '../dom.js';
import { emojiPicker } from './emoji-picker.js';
import { t } from '../i18n.js';

// The completion list shows this many people at most; typing more letters narrows it.
const MENTION_CHOICES = 6;
// "@name" just before the caret, at the start or after a space: what the list completes.
const MENTION_BEFORE_CARET = /(^|\s)@([A-Za-z0-9_.-]*)$/;

export class Composer {
  #form = qs('#composer');
  #input = qs('#message-input');
  #context = qs('#composer-context');
  #mentionList = qs('#mention-list');
  #conversationId = null;
  #drafts = new Map();
  #mode = null; // null, {kind: 'edit', message} or {kind: 'reply', message}
  #people = []; // [{username, displayName}] who can be mentioned here
  #choices = [];
  #active = 0;
  #handlers;

  /** handlers: send(id, body, replyTo), edit(message, body), editLast(), typing(id). */
  constructor(handlers) {
    this.#handlers = handlers;
    $on(this.#input, 'keydown', (event) => this.#key(event));
    $on(this.#input, 'input', () => {
      this.#complete();
      if (this.#input.value.trim() && this.#mode?.kind !== 'edit') this.#handlers.typing(this.#conversationId);
    });
    $on(this.#input, 'blur', () => show(this.#mentionList, false));
    $on(this.#form, 'submit', (event) => {
      event.preventDefault();
      this.#submit();
    });
    $on(qs('#composer-cancel'), 'click', () => {
      this.cancel();
      this.#input.focus();
    });
    $on(this.#mentionList, 'mousedown', (event) => {
      event.preventDefault();
      const option = event.target.closest('[role=option]');
      if (option) this.#insertMention(Number(option.dataset.index));
    });
    $on(qs('#emoji-button'), 'click', (event) => {
      emojiPicker().open(event.currentTarget, (emoji) => this.#insert(emoji));
    });
  }

  /** Keeps the previous conversation's draft; answers whether the conversation changed. */
  switchTo(id) {
    if (id === this.#conversationId) return false;
    this.cancel();
    if (this.#conversationId != null) this.#drafts.set(this.#conversationId, this.#input.value);
    this.#input.value = this.#drafts.get(id) ?? '';
    this.#conversationId = id;
    return true;
  }

  reset() {
    this.switchTo(null);
    this.#drafts.clear();
    this.#input.value = '';
  }

  /** Who an @ can complete to in the open conversation. */
  setPeople(people) {
    this.#people = people;
  }

  focus() {
    this.#input.focus();
  }

  edit(message) {
    if (this.#mode?.kind !== 'edit') this.#drafts.set(this.#conversationId, this.#input.value);
    this.#setMode({ kind: 'edit', message }, t('composer.editing'));
    this.#input.value = message.body;
    this.#input.focus();
    this.#input.setSelectionRange(message.body.length, message.body.length);
  }

  reply(message, senderName) {
    if (this.#mode?.kind === 'edit') this.#input.value = this.#drafts.get(this.#conversationId) ?? '';
    const preview = message.body.replace(/\s+/g, ' ');
    this.#setMode({ kind: 'reply', message }, t('composer.replying', { name: senderName, preview }));
    this.#input.focus();
  }

  /** Leaves editing (the draft comes back) or replying. */
  cancel() {
    if (this.#mode?.kind === 'edit') this.#input.value = this.#drafts.get(this.#conversationId) ?? '';
    this.#mode = null;
    show(this.#context, false);
    this.#form.classList.remove('editing');
  }

  /** The message being edited was deleted meanwhile, or the one replied to. */
  forget(messageId) {
    if (this.#mode?.message.id === messageId) this.cancel();
  }

  #setMode(mode, text) {
    this.#mode = mode;
    qs('#composer-context-text').textContent = text;
    show(this.#context, true);
    this.#form.classList.toggle('editing', mode.kind === 'edit');
  }

  #key(event) {
    if (!this.#mentionList.hidden && this.#choices.length) {
      const moves = { ArrowDown: 1, ArrowUp: -1 };
      if (event.key in moves) {
        event.preventDefault();
        this.#highlight((this.#active + moves[event.key] + this.#choices.length) % this.#choices.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        this.#insertMention(this.#active);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        show(this.#mentionList, false);
        return;
      }
    }
    if (event.isComposing) return;
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      this.#submit();
    } else if (event.key === 'Escape' && this.#mode) {
      event.preventDefault();
      this.cancel();
    } else if (event.key === 'ArrowUp' && this.#input.value === '' && !this.#mode) {
      event.preventDefault();
      this.#handlers.editLast();
    }
  }

  #submit() {
    const body = this.#input.value.trim();
    if (!body || this.#conversationId == null) return;
    if (this.#mode?.kind === 'edit') {
      const { message } = this.#mode;
      if (body !== message.body) this.#handlers.edit(message, body);
      this.cancel();
    } else {
      this.#handlers.send(this.#conversationId, body, this.#mode?.message.id ?? null);
      this.#input.value = '';
      this.#drafts.delete(this.#conversationId);
      this.cancel();
    }
    show(this.#mentionList, false);
    this.#input.focus();
  }

  /** Inserts text at the caret, as if typed. */
  #insert(text) {
    const { selectionStart: start, selectionEnd: end, value } = this.#input;
    this.#input.value = value.slice(0, start) + text + value.slice(end);
    const caret = start + text.length;
    this.#input.focus();
    this.#input.setSelectionRange(caret, caret);
  }

  #complete() {
    const before = this.#input.value.slice(0, this.#input.selectionStart);
    const match = MENTION_BEFORE_CARET.exec(before);
    if (!match) {
      show(this.#mentionList, false);
      return;
    }
    const prefix = match[2].toLowerCase();
    this.#choices = this.#people
      .filter(({ username, displayName }) => username.toLowerCase().startsWith(prefix) || displayName?.toLowerCase().startsWith(prefix))
      .slice(0, MENTION_CHOICES);
    this.#mentionList.replaceChildren(
      ...this.#choices.map(({ username, displayName }, index) =>
        el(
          'li',
          { dataset: { index: String(index) }, attrs: { role: 'option', id: `mention-option-${index}`, 'aria-selected': 'false' } },
          el('strong', { text: displayName ?? username }),
          ` @${username}`,
        ),
      ),
    );
    show(this.#mentionList, this.#choices.length > 0);
    this.#input.setAttribute('aria-expanded', String(this.#choices.length > 0));
    this.#highlight(0);
  }

  #highlight(index) {
    this.#active = index;
    [...this.#mentionList.children].forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
    if (this.#choices.length) this.#input.setAttribute('aria-activedescendant', `mention-option-${index}`);
    else this.#input.removeAttribute('aria-activedescendant');
  }

  #insertMention(index) {
    const choice = this.#choices[index];
    if (!choice) return;
    const caret = this.#input.selectionStart;
    const before = this.#input.value.slice(0, caret).replace(MENTION_BEFORE_CARET, `$1@${choice.username} `);
    this.#input.value = before + this.#input.value.slice(caret);
    this.#input.setSelectionRange(before.length, before.length);
    show(this.#mentionList, false);
    this.#input.setAttribute('aria-expanded', 'false');
    this.#input.removeAttribute('aria-activedescendant');
  }
}
