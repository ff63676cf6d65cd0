// The incidents board: newest first, refreshed every 2 s, filtered and paged.
import { ApiError, listIncidents } from './api.js';
import { h, fill, statusBadge, text, when, duration } from './dom.js';

const POLL_MS = 2000;
const PAGE = 25;
const STATUSES = ['RECEIVED', 'DIAGNOSING', 'AWAITING_APPROVAL', 'REMEDIATING', 'VERIFYING', 'RESOLVED', 'FAILED',
  'ESCALATED', 'NOOP', 'REJECTED'];
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'];
const SOURCES = ['ALERTMANAGER', 'GRAFANA', 'CLOUDWATCH', 'GENERIC'];
const HOUR = 3_600_000;
const WITHIN = [['last hour', HOUR], ['last 24 hours', 24 * HOUR], ['last 7 days', 7 * 24 * HOUR], ['last 30 days', 30 * 24 * HOUR]];

// Filters and page survive a visit to an incident and back.
const state = { status: '', service: '', severity: '', source: '', within: '', since: '', cursors: [null] };

function select(id, label, values, key, onChange) {
  return h('label', {}, label, h('select', { id, onchange: (event) => { state[key] = event.target.value; onChange(); } },
    h('option', { value: '' }, 'any'),
    values.map((value) => h('option', { value, selected: state[key] === value }, value))));
}

/**
 * Opened within a window (ms before now), sent as {@code since}: it moves with each refresh of the first page and
 * stays put while older pages are read, whose cursors it must still contain.
 */
function withinSelect(onChange) {
  return h('label', {}, 'Opened', h('select', { id: 'filter-within', onchange: (event) => { state.within = event.target.value; onChange(); } },
    h('option', { value: '' }, 'any time'),
    WITHIN.map(([label, ms]) => h('option', { value: String(ms), selected: state.within === String(ms) }, label))));
}

function row(incident) {
  const alert = incident.alert || {};
  return h('tr', { class: 'incident', 'data-id': incident.incidentId },
    h('td', { class: 'id' }, h('a', { href: `#/incidents/${encodeURIComponent(incident.incidentId)}` }, incident.incidentId)),
    h('td', {}, statusBadge(incident.status)),
    h('td', {}, text(alert.severity)),
    h('td', { class: 'service' }, text(incident.target?.service)),
    h('td', {}, text(alert.alertType)),
    h('td', { class: 'summary' }, text(alert.summary)),
    h('td', {}, text(alert.source)),
    h('td', {}, when(incident.createdAt)),
    h('td', {}, duration(incident.mttrMs)));
}

export function board(main, onUnauthorized) {
  const rows = h('tbody', { id: 'incidents' });
  const status = h('p', { id: 'board-status', class: 'muted', role: 'status' });
  const older = h('button', { id: 'older', type: 'button', onclick: () => { state.cursors.push(next); refresh(); } }, 'Older →');
  const newer = h('button', { id: 'newer', type: 'button', onclick: () => { state.cursors.pop(); refresh(); } }, '← Newer');
  const restart = () => { state.cursors = [null]; refresh(); };
  const service = h('input', { id: 'filter-service', type: 'search', value: state.service, placeholder: 'exact name',
    onchange: (event) => { state.service = event.target.value.trim(); restart(); } });
  let next = null;
  let timer;
  let stopped = false;
  let generation = 0; // a filter change starts a new refresh; an older one still in flight is dropped

  fill(main,
    h('section', { class: 'card' },
      h('h1', {}, 'Incidents'),
      h('div', { class: 'filters' },
        select('filter-status', 'Status', STATUSES, 'status', restart),
        h('label', {}, 'Service', service),
        select('filter-severity', 'Severity', SEVERITIES, 'severity', restart),
        select('filter-source', 'Source', SOURCES, 'source', restart),
        withinSelect(restart)),
      h('div', { class: 'table' },
        h('table', {},
          h('thead', {}, h('tr', {}, ['Incident', 'Status', 'Severity', 'Service', 'Alert', 'Summary', 'Source',
            'Opened (UTC)', 'MTTR'].map((name) => h('th', {}, name)))),
          rows)),
      h('div', { class: 'pager' }, newer, older),
      status));

  async function refresh() {
    clearTimeout(timer);
    const mine = ++generation;
    const cursor = state.cursors[state.cursors.length - 1];
    try {
      if (state.cursors.length === 1) state.since = state.within ? new Date(Date.now() - Number(state.within)).toISOString() : '';
      const { since } = state;
      const page = await listIncidents({
        status: state.status, service: state.service, severity: state.severity, source: state.source, since, limit: PAGE, cursor,
      });
      if (stopped || mine !== generation) return;
      next = page.nextCursor;
      // a filtered page can come back short, even empty, with older incidents still to read
      fill(rows, page.incidents.length ? page.incidents.map(row)
        : h('tr', {}, h('td', { colspan: 9, class: 'muted' }, next ? 'None on this page; try older.' : 'No incidents match.')));
      newer.disabled = state.cursors.length === 1;
      older.disabled = !next;
      status.textContent = `Page ${state.cursors.length} · updated ${new Date().toLocaleTimeString()}`;
    } catch (failed) {
      if (failed instanceof ApiError && failed.status === 401) {
        onUnauthorized();
        return;
      }
      if (stopped || mine !== generation) return;
      status.textContent = `Could not refresh: ${failed.message}`;
    }
    if (!stopped && mine === generation) timer = setTimeout(refresh, POLL_MS);
  }

  refresh();
  return () => { stopped = true; clearTimeout(timer); };
}
