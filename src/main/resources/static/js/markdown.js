// A safe Markdown subset for message bodies, built as DOM nodes (never as HTML text):
// **bold**, *italic* or _italic_, ~~strikethrough~~, `inline code`, ``` code blocks ```,
// > block quotes, auto-linked http(s) URLs and @mentions. Anything else, HTML included, stays
// text. Links are made only from what parses as an http(s) URL, so javascript: and data: never
// become links, and there is no [text](url) syntax whose shown text could differ from its target.

import { el } from './dom.js';

// Nesting deeper than this (bold inside italic inside …) is shown as typed: no message needs
// more, and it bounds the work a hostile message can cause.
const MAX_DEPTH = 4;
// A mark whose closer is not among the next few candidates stays text, so a body full of
// unbalanced "*" takes linear, not cubic, time.
const MAX_CLOSERS = 8;
// Bidirectional controls (embeddings, overrides, isolates, marks). A URL ends before one, so
// an override cannot make a link's text read differently from where it goes.
const BIDI = '\u200e\u200f\u202a-\u202e\u2066-\u2069';
const URL_AT = new RegExp(`^https?://[^\\s<>"'\`${BIDI}]+`, 'i');
// Punctuation after a URL is the sentence's, not the URL's.
const URL_TRAILING = /[.,;:!?)\]}'"*_~]+$/;
const MENTION_AT = /^@([A-Za-z0-9_.-]*[A-Za-z0-9_])/;
const WORD_CHAR = /[\p{L}\p{N}_]/u;

const PAIRS = [
  { mark: '**', tag: 'strong' },
  { mark: '~~', tag: 'del' },
  { mark: '*', tag: 'em' },
  { mark: '_', tag: 'em', wordBound: true },
];

/**
 * The nodes of a message body. `mention(name)` answers how an @name shows: 'me', 'other', or
 * null when nobody in the conversation has that username.
 */
export function renderMarkdown(text, { mention = () => null } = {}) {
  const nodes = blocks(text.split('\n'), { mention }, 0);
  // One plain paragraph (most messages) needs no <p>: its text and marks go in as they are.
  return nodes.length === 1 && nodes[0].tagName === 'P' ? [...nodes[0].childNodes] : nodes;
}

function blocks(lines, context, depth) {
  const nodes = [];
  let paragraph = [];
  const flush = () => {
    if (paragraph.length === 0) return;
    nodes.push(el('p', {}, ...inline(paragraph.join('\n'), context, 0)));
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^```/.test(line)) {
      const end = lines.findIndex((candidate, j) => j > i && /^```\s*$/.test(candidate));
      if (end !== -1) {
        flush();
        const language = line.slice(3).trim();
        nodes.push(el('pre', {}, el('code', { text: lines.slice(i + 1, end).join('\n'), dataset: language ? { language } : {} })));
        i = end;
        continue;
      }
    }
    if (/^>/.test(line) && depth < MAX_DEPTH) {
      flush();
      const quoted = [];
      while (i < lines.length && /^>/.test(lines[i])) quoted.push(lines[i++].replace(/^> ?/, ''));
      i--;
      nodes.push(el('blockquote', {}, ...blocks(quoted, context, depth + 1)));
      continue;
    }
    paragraph.push(line);
  }
  flush();
  return nodes;
}

/** Inline marks, links and mentions in one paragraph's text. */
function inline(text, context, depth) {
  const nodes = [];
  let plain = '';
  const emit = (node) => {
    if (plain) nodes.push(plain);
    plain = '';
    nodes.push(node);
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const before = i > 0 ? text[i - 1] : '';
    const found = code(rest) ?? link(rest, before) ?? mention(rest, before, context) ?? (depth < MAX_DEPTH ? mark(rest, before, context, depth) : null);
    if (found) {
      emit(found.node);
      i += found.length;
    } else {
      plain += text[i];
      i++;
    }
  }
  if (plain) nodes.push(plain);
  return nodes;
}

function code(rest) {
  const ticks = /^`+/.exec(rest)?.[0];
  if (!ticks) return null;
  const end = rest.indexOf(ticks, ticks.length);
  if (end === -1 || end === ticks.length) return null;
  return { node: el('code', { text: rest.slice(ticks.length, end) }), length: end + ticks.length };
}

function link(rest, before) {
  if (before && WORD_CHAR.test(before)) return null;
  let candidate = URL_AT.exec(rest)?.[0];
  if (!candidate) return null;
  candidate = candidate.replace(URL_TRAILING, (tail) => keepClosingParens(candidate, tail));
  let url;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const node = el('a', { text: candidate, attrs: { href: url.href, target: '_blank', rel: 'noopener noreferrer nofollow' } });
  return { node, length: candidate.length };
}

/** "https://en.wikipedia.org/wiki/Foo_(bar)" keeps its ")"; "(see https://x.org)." does not. */
function keepClosingParens(candidate, tail) {
  const body = candidate.slice(0, candidate.length - tail.length);
  const open = (body.match(/\(/g) ?? []).length - (body.match(/\)/g) ?? []).length;
  let kept = '';
  for (const char of tail) {
    if (char === ')' && kept.length < open && kept === ')'.repeat(kept.length)) kept += char;
    else break;
  }
  return kept;
}

function mention(rest, before, context) {
  if (before && (WORD_CHAR.test(before) || before === '@')) return null;
  const match = MENTION_AT.exec(rest);
  if (!match) return null;
  const who = context.mention(match[1]);
  if (!who) return null;
  return { node: el('span', { className: who === 'me' ? 'mention me' : 'mention', text: match[0] }), length: match[0].length };
}

/** A pair of marks around text that does not start or end with a space. */
function mark(rest, before, context, depth) {
  for (const { mark: m, tag, wordBound } of PAIRS) {
    if (!rest.startsWith(m)) continue;
    if (wordBound && before && WORD_CHAR.test(before)) continue;
    if (!rest[m.length] || /\s/.test(rest[m.length])) continue;
    let from = m.length;
    for (let tries = 0; tries < MAX_CLOSERS; tries++) {
      let end = rest.indexOf(m, from);
      if (end === -1) break;
      // "***x***" is bold italic: the bold closes after the italic's closer.
      if (m === '**' && rest[end + 2] === '*') end++;
      const inner = rest.slice(m.length, end);
      const after = rest[end + m.length] ?? '';
      const closes =
        inner.length > 0 &&
        !/\s$/.test(inner) &&
        // "**" is not an empty "*…*", and "_" inside snake_case does not close.
        !(m.length === 1 && after === m) &&
        !(wordBound && after && WORD_CHAR.test(after));
      if (closes) return { node: el(tag, {}, ...inline(inner, context, depth + 1)), length: end + m.length };
      from = end + 1;
    }
  }
  return null;
}
