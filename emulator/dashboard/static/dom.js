// Small DOM helpers: elements from data (text only, never HTML), keyed lists that keep focus, formatting.

/**
 * An element: `h('td', { class: 'x', dataset: { label: 'State' }, onclick }, 'text', child)`.
 * Attributes whose value is `undefined`, `null` or `false` are left out; children may be strings or nodes.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.flat().filter((c) => c !== undefined && c !== null && c !== false));
  return element;
}

/** Sets text only when it changed (so screen readers and selections are not disturbed every second). */
export function setText(element, text) {
  const value = String(text);
  if (element.textContent !== value) element.textContent = value;
}

/**
 * Makes `container`'s children match `items`, in order, by key: existing elements are updated in place
 * (a focused button keeps its focus), new ones created, missing ones removed.
 */
export function syncList(container, items, keyOf, create, update) {
  const existing = new Map();
  for (const child of container.children) existing.set(child.dataset.key, child);
  let previous = null;
  for (const item of items) {
    const key = String(keyOf(item));
    let element = existing.get(key);
    if (element) existing.delete(key);
    else {
      element = create(item);
      element.dataset.key = key;
    }
    const wanted = previous ? previous.nextElementSibling : container.firstElementChild;
    if (element !== wanted) container.insertBefore(element, wanted);
    // Updated once in the page, so that an update may start work that lasts as long as the element does.
    update(element, item);
    previous = element;
  }
  for (const element of existing.values()) element.remove();
}

/** `04:00:00` (UTC, as the test card shows the emulator clock). */
export function clockTime(epochMs) {
  return new Date(epochMs).toISOString().slice(11, 19);
}

/** `2026-03-02 04:00:00 UTC`. */
export function clockDateTime(epochMs) {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A countdown: `9:58`, `1:02:03`, `3 d 4 h`. */
export function countdown(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(total / 86_400);
  if (days > 0) return `${days} d ${Math.floor((total % 86_400) / 3600)} h`;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** The first characters of a long id, the whole of it in the title. */
export function shortId(id, length = 8) {
  return id.length > length + 1 ? `${id.slice(0, length)}…` : id;
}
