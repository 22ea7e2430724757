// Trims unicode-emoji-json's data-by-group.json into the picker's data file, emoji.json:
// [[group, [[emoji, name], ...]], ...] with the emoji in Unicode's order. Only emoji up to
// MAX_EMOJI_VERSION go in: newer ones show as empty boxes on systems whose fonts lack them.
// Usage (see README.md): node trim.mjs path/to/unicode-emoji-json/data-by-group.json
import { readFileSync, writeFileSync } from 'node:fs';

const MAX_EMOJI_VERSION = 14.0;
const OUT = new URL('../../src/main/resources/static/js/emoji.json', import.meta.url);

const groups = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const trimmed = groups.map(({ name, emojis }) => [
  name,
  emojis.filter((e) => Number(e.emoji_version) <= MAX_EMOJI_VERSION).map((e) => [e.emoji, e.name]),
]);
writeFileSync(OUT, JSON.stringify(trimmed) + '\n');
console.log(`${trimmed.reduce((n, [, list]) => n + list.length, 0)} emoji written to ${OUT.pathname}`);
