// Avatars wherever a person is shown: the picture when they have one, else a coloured circle
// with their initials. Names only ever go in with textContent. Each slot is a <span
// class="avatar"> marked with the user's id, so a `user.updated` event can refresh every slot of
// that user on the page without a re-render of the views around it.

const versions = new Map(); // userId -> avatarVersion as last heard (0: none)
const failed = new Set(); // "id:version" whose picture did not load: initials, no retry

/** Remembers a user's avatar version (from /api/me or a user.updated event). */
export function knowAvatar(userId, avatarVersion) {
  versions.set(userId, avatarVersion ?? 0);
}

function initials(name) {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words.slice(0, 1);
  return letters.map((word) => Array.from(word)[0].toUpperCase()).join('') || '?';
}

/** Makes `slot` show `user` ({id, displayName}) at `size` px (64 or 128 source images). */
export function showAvatar(slot, user, size = 64) {
  if (!slot || !user) return;
  const version = versions.get(user.id);
  const key = `${user.id}:${version ?? 'unknown'}`;
  if (slot.dataset.avatarKey === key && slot.dataset.name === user.displayName) return;
  slot.dataset.avatarUser = user.id;
  slot.dataset.avatarKey = key;
  slot.dataset.name = user.displayName ?? '';
  // Keeps the slot's own classes (row-avatar, large, ...): only the colour changes.
  for (const name of [...slot.classList]) if (name.startsWith('hue-') || name === 'has-picture') slot.classList.remove(name);
  slot.classList.add('avatar', `hue-${Number(user.id) % 8}`);
  slot.setAttribute('aria-hidden', 'true');
  const letters = document.createElement('span');
  letters.className = 'initials';
  letters.textContent = initials(user.displayName);
  slot.replaceChildren(letters);
  // Unknown version (someone whose profile we have not heard of yet): try once per page.
  if (version === 0 || failed.has(key)) return;
  const img = document.createElement('img');
  img.alt = '';
  img.decoding = 'async';
  img.src = `/api/users/${encodeURIComponent(user.id)}/avatar?size=${size}&v=${version ?? 0}`;
  img.addEventListener('load', () => slot.classList.add('has-picture'));
  img.addEventListener('error', () => {
    failed.add(key);
    img.remove();
  });
  slot.append(img);
}

/** A new slot for `user`. */
export function avatarOf(user, size = 64) {
  const slot = document.createElement('span');
  showAvatar(slot, user, size);
  return slot;
}

/** A user.updated event: every slot of that user shows the new picture and initials. */
export function avatarChanged({ userId, displayName, avatarVersion }) {
  knowAvatar(userId, avatarVersion);
  for (const slot of document.querySelectorAll(`.avatar[data-avatar-user="${Number(userId)}"]`)) {
    showAvatar(slot, { id: userId, displayName }, slot.classList.contains('large') ? 128 : 64);
  }
}
