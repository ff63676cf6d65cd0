// The approvals waiting for a person: what exactly will be done to which target and why it asks, with the form
// to decide each one. A card is built once per pending incident, so a poll never wipes a comment being typed.
import { approvalForm } from './approval.js';
import { listIncidents } from './api.js';
import { h, fill, text, when } from './dom.js';
import { poll } from './polling.js';

const POLL_MS = 2000;

function card(incident, reload) {
  const alert = incident.alert || {};
  const reasons = incident.decision?.reasons || [];
  return h('article', { class: 'card approval-card', 'data-id': incident.incidentId },
    h('h2', {}, h('a', { href: `#/incidents/${encodeURIComponent(incident.incidentId)}` }, incident.incidentId)),
    h('p', {}, `${text(alert.severity)} · ${text(alert.alertType)} · opened ${when(incident.createdAt)}`),
    h('p', { class: 'summary' }, text(alert.summary)),
    reasons.length ? h('ul', { class: 'reasons' }, reasons.map((reason) => h('li', {}, reason))) : null,
    approvalForm(incident, reload));
}

export function approvalsPage(main, onUnauthorized) {
  const list = h('div', { id: 'approvals', class: 'approvals' });
  const status = h('p', { id: 'approvals-status', class: 'muted', role: 'status' });
  const cards = new Map();
  fill(main, h('section', { class: 'card' }, h('h1', {}, 'Approvals'),
    h('p', { class: 'muted' }, 'Incidents waiting for a person, oldest question first.')), list, status);

  const loop = poll(POLL_MS, status, onUnauthorized, async (stopped) => {
    const page = await listIncidents({ status: 'AWAITING_APPROVAL', limit: 100 });
    if (stopped()) return;
    const pending = [...page.incidents].reverse();
    const ids = new Set(pending.map((incident) => incident.incidentId));
    for (const [id, element] of cards) {
      // a decided card stays with its result until the page is left
      if (!ids.has(id) && !element.querySelector('.approval-result').textContent) {
        element.remove();
        cards.delete(id);
      }
    }
    for (const incident of pending) {
      if (!cards.has(incident.incidentId)) {
        const element = card(incident, () => loop.refresh());
        cards.set(incident.incidentId, element);
        list.append(element);
      }
    }
    status.textContent = cards.size ? `${ids.size} waiting · updated ${new Date().toLocaleTimeString()}`
      : 'Nothing waits for a decision.';
  });
  return loop.stop;
}
