// Builds elements whose text is set with textContent only: alert fields, labels and logs are written by whoever
// sends the alert, so nothing from the API is ever parsed as markup, and no link is ever made from its values.

/** h('div', {class: 'x', onclick: f}, 'text', child, ...): an element; strings become text nodes. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A value for display: '—' when absent. */
export function text(value) {
  return value === undefined || value === null || value === '' ? '—' : String(value);
}

export function when(instant) {
  if (!instant) return '—';
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? String(instant) : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function duration(ms) {
  if (ms === undefined || ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
}

/** A definition list of [label, value] pairs, values as text. */
export function fields(pairs) {
  return h('dl', { class: 'fields' }, pairs.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, text(value))]));
}

export function statusBadge(status) {
  return h('span', { class: `badge status-${String(status || '').toLowerCase()}` }, text(status));
}
