// Tiny DOM helpers (TodoMVC's qs / $on / $delegate), plus el() and reconcile(). Nothing here
// ever parses markup: text goes in with textContent, so user text can never become HTML.

export const qs = (selector, scope = document) => scope.querySelector(selector);

export const $on = (target, type, handler, options) => target.addEventListener(type, handler, options);

/** Listens on `target` for events whose target matches `selector` inside it. */
export function $delegate(target, selector, type, handler) {
  $on(target, type, (event) => {
    const match = event.target.closest(selector);
    if (match && target.contains(match)) {
      handler(event, match);
    }
  });
}

/**
 * Builds an element. `props`: className, text (set as textContent), dataset, attrs (set as
 * attributes: only ever static names chosen here, never user input), on (event listeners).
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text != null) node.textContent = props.text;
  for (const [key, value] of Object.entries(props.dataset ?? {})) node.dataset[key] = value;
  for (const [key, value] of Object.entries(props.attrs ?? {})) {
    if (value != null && value !== false) node.setAttribute(key, value === true ? '' : value);
  }
  for (const [type, handler] of Object.entries(props.on ?? {})) node.addEventListener(type, handler);
  node.append(...children.filter((child) => child != null));
  return node;
}

/**
 * Makes `container`'s children match `items`, keyed by `key(item)`: existing nodes are kept
 * (so focus and scroll survive a re-render) and refreshed with `update(node, item)`, new ones
 * come from `create(item)`, and nodes are only moved when they are out of place.
 */
export function reconcile(container, items, { key, create, update }) {
  const existing = new Map();
  for (const child of container.children) existing.set(child.dataset.key, child);
  let index = 0;
  for (const item of items) {
    const k = String(key(item));
    let node = existing.get(k);
    if (node) {
      existing.delete(k);
    } else {
      node = create(item);
      node.dataset.key = k;
    }
    update(node, item);
    const current = container.children[index];
    if (current !== node) container.insertBefore(node, current ?? null);
    index++;
  }
  for (const stale of existing.values()) stale.remove();
}

/** Shows or hides an element through the `hidden` attribute (CSP forbids inline styles). */
export function show(node, visible) {
  node.hidden = !visible;
}

/** Sets a form's error line (role=alert, so screen readers announce it). */
export function formError(form, message) {
  const line = qs('.form-error', form);
  line.textContent = message ?? '';
}
