// The execution graph: the state machine drawn from its ASL definition (states in layers by their distance from
// StartAt, edges from Next, Default, Choices and Catch), the execution's path highlighted from its history.
import { duration } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const W = 168;
const H = 30;
const GAP_X = 18;
const GAP_Y = 44;
const PER_ROW = 6;
const MARGIN = 24;

function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Where each state goes: [{to, kind}], in the definition's order. */
function edgesOf(state) {
  const edges = [];
  if (state.Next) edges.push({ to: state.Next, kind: 'next' });
  for (const choice of state.Choices || []) if (choice.Next) edges.push({ to: choice.Next, kind: 'choice' });
  if (state.Default) edges.push({ to: state.Default, kind: 'default' });
  for (const handler of state.Catch || []) if (handler.Next) edges.push({ to: handler.Next, kind: 'catch' });
  return edges;
}

/**
 * Rows of state names. Edges that close a loop (found depth first from StartAt) are set aside; on the rest each
 * state sits one layer below the deepest state that leads to it, so outcomes come before Learn, and Learn before
 * the end. A layer wider than PER_ROW wraps onto rows of its own.
 */
function layout(definition) {
  const states = definition.States || {};
  const names = Object.keys(states);
  const back = new Set();
  const state = new Map(); // 1 on the DFS path, 2 done
  const visit = (name) => {
    state.set(name, 1);
    for (const edge of edgesOf(states[name] || {})) {
      if (!states[edge.to]) continue;
      if (state.get(edge.to) === 1) back.add(`${name}\u0000${edge.to}`);
      else if (!state.has(edge.to)) visit(edge.to);
    }
    state.set(name, 2);
  };
  if (states[definition.StartAt]) visit(definition.StartAt);
  for (const name of names) if (!state.has(name)) visit(name);
  const incoming = new Map(names.map((name) => [name, 0]));
  const forward = new Map(names.map((name) => [name, []]));
  for (const name of names) {
    for (const edge of edgesOf(states[name])) {
      if (!states[edge.to] || back.has(`${name}\u0000${edge.to}`) || forward.get(name).includes(edge.to)) continue;
      forward.get(name).push(edge.to);
      incoming.set(edge.to, incoming.get(edge.to) + 1);
    }
  }
  const depth = new Map(names.map((name) => [name, 0]));
  const ready = names.filter((name) => incoming.get(name) === 0);
  while (ready.length) {
    const name = ready.shift();
    for (const to of forward.get(name)) {
      depth.set(to, Math.max(depth.get(to), depth.get(name) + 1));
      incoming.set(to, incoming.get(to) - 1);
      if (incoming.get(to) === 0) ready.push(to);
    }
  }
  const layers = [];
  for (const name of names) (layers[depth.get(name)] ||= []).push(name);
  const rows = [];
  for (const layer of layers.filter(Boolean)) {
    for (let i = 0; i < layer.length; i += PER_ROW) rows.push(layer.slice(i, i + PER_ROW));
  }
  return rows;
}

/** Each state's visits: how many and how long in all. */
function visitsByState(visits) {
  const byState = new Map();
  for (const visit of visits) {
    const entry = byState.get(visit.state) || { count: 0, ms: 0 };
    entry.count += 1;
    if (visit.enteredAt && visit.exitedAt) entry.ms += Date.parse(visit.exitedAt) - Date.parse(visit.enteredAt);
    byState.set(visit.state, entry);
  }
  return byState;
}

export function executionGraph(view) {
  const states = view.definition.States || {};
  const rows = layout(view.definition);
  const widest = Math.max(...rows.map((row) => row.length));
  const width = MARGIN * 2 + widest * W + (widest - 1) * GAP_X + 80;
  const height = MARGIN * 2 + rows.length * H + (rows.length - 1) * GAP_Y;
  const at = new Map();
  rows.forEach((row, r) => {
    const rowWidth = row.length * W + (row.length - 1) * GAP_X;
    const x0 = MARGIN + (widest * W + (widest - 1) * GAP_X - rowWidth) / 2;
    row.forEach((name, i) => at.set(name, { x: x0 + i * (W + GAP_X), y: MARGIN + r * (H + GAP_Y) }));
  });
  const visits = view.visits || [];
  const visited = visitsByState(visits);
  const taken = new Set();
  for (let i = 1; i < visits.length; i++) taken.add(`${visits[i - 1].state}\u0000${visits[i].state}`);
  const last = visits.length ? visits[visits.length - 1].state : null;
  const lastVisit = new Map(visits.map((visit, index) => [visit.state, index]));

  const root = svg('svg', {
    id: 'graph-svg', class: 'graph', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `state machine, ${visited.size} of ${Object.keys(states).length} states visited`,
  });
  const defs = svg('defs');
  for (const id of ['arrow', 'arrow-taken']) {
    const marker = svg('marker', { id, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 5, markerHeight: 5, orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: id }));
    defs.append(marker);
  }
  root.append(defs);

  const edges = svg('g', { class: 'edges' });
  for (const [name, state] of Object.entries(states)) {
    const from = at.get(name);
    for (const edge of edgesOf(state)) {
      const to = at.get(edge.to);
      if (!from || !to) continue;
      const isTaken = taken.has(`${name}\u0000${edge.to}`);
      let d;
      if (to.y > from.y) {
        const sx = from.x + W / 2;
        const sy = from.y + H;
        const tx = to.x + W / 2;
        d = `M ${sx} ${sy} C ${sx} ${sy + GAP_Y / 2}, ${tx} ${to.y - GAP_Y / 2}, ${tx} ${to.y}`;
      } else {
        // a loop back (or sideways): around the right-hand side
        const sx = from.x + W;
        const sy = from.y + H / 2;
        const tx = to.x + W;
        const ty = to.y + H / 2;
        const bend = Math.max(sx, tx) + 50;
        d = `M ${sx} ${sy} C ${bend} ${sy}, ${bend} ${ty}, ${tx} ${ty}`;
      }
      edges.append(svg('path', {
        d, class: `edge edge-${edge.kind}${isTaken ? ' taken' : ''}`, 'marker-end': `url(#${isTaken ? 'arrow-taken' : 'arrow'})`,
      }));
    }
  }
  root.append(edges);

  for (const [name, state] of Object.entries(states)) {
    const { x, y } = at.get(name);
    const seen = visited.get(name);
    const classes = ['state', `type-${String(state.Type).toLowerCase()}`];
    if (seen) classes.push('visited');
    if (name === last) classes.push('last');
    const node = svg('g', { class: classes.join(' '), 'data-state': name, transform: `translate(${x} ${y})` });
    if (seen) {
      // a click shows the state's last visit: what went in and what came out (incident.js)
      node.setAttribute('data-visit', String(lastVisit.get(name)));
      node.setAttribute('role', 'button');
      node.setAttribute('tabindex', '0');
    }
    const detail = seen ? ` · ${seen.count > 1 ? `${seen.count} visits, ` : ''}${duration(seen.ms)}` : '';
    node.append(svg('title', {}, `${name} (${state.Type})${detail}`));
    node.append(svg('rect', { width: W, height: H, rx: state.Type === 'Choice' ? 14 : 4 }));
    node.append(svg('text', { x: W / 2, y: H / 2 + 4, 'text-anchor': 'middle' }, name));
    root.append(node);
  }
  return root;
}

/** The states visited, in order, with how long each took; a row's button shows that visit's input and output. */
export function visitsTable(view, h) {
  return h('table', { class: 'visits', id: 'visits' },
    h('thead', {}, h('tr', {}, h('th', {}, 'State'), h('th', {}, 'Entered (UTC)'), h('th', {}, 'Took'))),
    h('tbody', {}, (view.visits || []).map((visit, index) => h('tr', { 'data-visit': index, class: 'clickable' },
      h('td', {}, h('button', { type: 'button', class: 'link' }, visit.state)),
      h('td', {}, visit.enteredAt ? new Date(visit.enteredAt).toISOString().slice(11, 23) : '—'),
      h('td', {}, visit.exitedAt ? duration(Date.parse(visit.exitedAt) - Date.parse(visit.enteredAt)) : 'running')))));
}
