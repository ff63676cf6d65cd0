// An incident's page: what came in, what AegisOps saw, decided and did, and the approval form while one is pending.
import { approvalForm } from './approval.js';
import { ApiError, getExecution, getExecutionVisit, getIncident } from './api.js';
import { h, fill, fields, statusBadge, text, when, duration } from './dom.js';
import { executionGraph, visitsTable } from './graph.js';

const POLL_MS = 2000;

function section(title, ...content) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...content);
}

function pre(value, id) {
  return h('pre', { id }, text(value));
}

function labels(map) {
  const entries = Object.entries(map || {});
  if (!entries.length) return h('p', { class: 'muted' }, 'no labels');
  return h('table', { class: 'labels' }, h('tbody', {}, entries.map(([name, value]) => h('tr', {}, h('th', {}, name), h('td', {}, value)))));
}

function alertSection(incident) {
  const alert = incident.alert || {};
  return section('Alert',
    fields([
      ['Type', alert.alertType], ['Severity', alert.severity], ['Status', alert.status], ['Source', alert.source],
      ['Service', alert.target?.service], ['Container', alert.target?.container], ['Host', alert.target?.host],
      ['Summary', alert.summary], ['Started', when(alert.startsAt)], ['Fingerprint', alert.fingerprint],
      // shown as text: an alert's link is the sender's to choose, so it is never made clickable
      ['Link (not followed)', alert.externalUrl], ['Alerts counted', incident.alertCount],
    ]),
    h('h3', {}, 'Labels'), labels(alert.labels),
    h('h3', {}, 'Logs sent with the alert'), pre(alert.logs, 'alert-logs'));
}

function evidenceSection(evidence) {
  if (!evidence) return section('Evidence', h('p', { class: 'muted' }, 'not collected yet'));
  const container = evidence.container || {};
  return section('Evidence (redacted as stored)',
    fields([
      ['Available', evidence.available], ['Collected', when(evidence.collectedAt)], ['Note', evidence.note],
      ...Object.entries(container).map(([name, value]) => [name, typeof value === 'object' ? JSON.stringify(value) : value]),
    ]),
    h('h3', {}, 'Logs'), pre(evidence.logs, 'evidence-logs'));
}

function diagnosisSection(diagnosis) {
  if (!diagnosis) return section('Diagnosis', h('p', { class: 'muted' }, 'not diagnosed yet'));
  return h('section', { class: 'card', id: 'diagnosis' }, h('h2', {}, 'Diagnosis'),
    fields([
      ['Source', diagnosis.source], ['Model', diagnosis.model], ['Root cause', diagnosis.rootCause],
      ['Action', diagnosis.action], ['Confidence', diagnosis.confidence?.toFixed?.(2)],
      ['Justification', diagnosis.justification], ['Took', duration(diagnosis.latencyMs)],
    ]),
    h('h3', {}, 'Reasons'),
    h('ul', { id: 'diagnosis-reasons' }, (diagnosis.evidence || []).map((reason) => h('li', {}, reason))));
}

function decisionSection(decision) {
  if (!decision) return section('Decision', h('p', { class: 'muted' }, 'no decision yet'));
  return section('Decision',
    fields([['Mode', decision.mode], ['Dry run', decision.dryRun]]),
    h('h3', {}, 'Reasons'),
    h('ul', {}, (decision.reasons || []).map((reason) => h('li', {}, reason))));
}

function commandsSection(results) {
  if (!results || !results.length) return section('Commands', h('p', { class: 'muted' }, 'no command run'));
  return section('Commands', results.map((result) => h('div', { class: 'command' },
    fields([
      ['Command', result.type], ['Succeeded', result.success], ['Dry run', result.dryRun],
      ['Message', result.message], ['HTTP status', result.httpStatus], ['Took', duration(result.durationMs)],
      ['Before', result.before && JSON.stringify(result.before)], ['After', result.after && JSON.stringify(result.after)],
    ]),
    result.logs ? pre(result.logs) : null)));
}

function verificationSection(verification) {
  if (!verification) return section('Verification', h('p', { class: 'muted' }, 'not verified yet'));
  return section('Verification', fields([
    ['Healthy', verification.healthy], ['Attempts', verification.attempts], ['HTTP status', verification.httpStatus],
    ['Detail', verification.detail], ['Checked', when(verification.checkedAt)],
  ]));
}

function timelineSection(timeline) {
  return section('Timeline', h('ol', { class: 'timeline', id: 'timeline' }, (timeline || []).map((entry) => h('li', {},
    h('span', { class: 'at' }, when(entry.at)), ' ', h('strong', {}, entry.stage), ' ', entry.detail || ''))));
}

/** The execution's section, and whether it still runs (the page keeps polling until it has ended). */
async function executionSection(incident, showVisit) {
  if (!incident.executionArn) return { element: section('Execution', h('p', { class: 'muted' }, 'not started')), running: true };
  let view;
  try {
    view = await getExecution(incident.incidentId);
  } catch (failed) {
    if (failed instanceof ApiError && failed.status === 401) throw failed;
    return {
      element: section('Execution', h('p', { class: 'muted' }, `The execution could not be read: ${failed.message}`)),
      running: true,
    };
  }
  const pick = (event) => {
    const chosen = event.target.closest('[data-visit]');
    if (chosen) showVisit(Number(chosen.getAttribute('data-visit')));
  };
  return {
    element: h('section', { class: 'card wide', id: 'graph' }, h('h2', {}, `Execution · ${text(view.status)}`),
      h('p', { class: 'muted' }, 'Select a visited state for what went in and what came out.'),
      h('div', { class: 'graph-box', onclick: pick, onkeydown: (event) => { if (event.key === 'Enter') pick(event); } },
        executionGraph(view)),
      h('details', { onclick: pick }, h('summary', {}, `${(view.visits || []).length} states visited`), visitsTable(view, h))),
    running: view.status === 'RUNNING',
  };
}

function pretty(document) {
  return JSON.stringify(document, null, 2);
}

export function incidentPage(main, id, onUnauthorized) {
  const header = h('div', { class: 'incident-head' });
  const approval = h('div');
  const body = h('div', { class: 'grid' });
  const status = h('p', { class: 'muted', role: 'status' });
  // kept across polls, so a chosen state's documents stay while the page refreshes
  const stateIo = h('section', { class: 'card wide', id: 'state-io', hidden: true });
  let timer;
  let stopped = false;
  let formShown = false;
  fill(main, h('p', {}, h('a', { href: '#/' }, '← Incidents')), header, approval, body, status);

  async function load() {
    clearTimeout(timer);
    try {
      const incident = await getIncident(id);
      if (stopped) return;
      fill(header, h('h1', {}, incident.incidentId), statusBadge(incident.status),
        fields([['Opened', when(incident.createdAt)], ['Resolved', when(incident.resolvedAt)],
          ['MTTR', duration(incident.mttrMs)], ['Execution', incident.executionArn]]));
      // the form is built once while the approval is pending, so a poll never wipes a comment being typed
      if (incident.status === 'AWAITING_APPROVAL' && !formShown) {
        fill(approval, approvalForm(incident, load, { ids: true }));
        formShown = true;
      } else if (incident.status !== 'AWAITING_APPROVAL' && formShown && !approval.querySelector('#approval-result')?.textContent) {
        fill(approval);
        formShown = false;
      }
      const execution = await executionSection(incident, showVisit);
      if (stopped) return;
      fill(body, alertSection(incident), evidenceSection(incident.evidence), diagnosisSection(incident.diagnosis),
        decisionSection(incident.decision), commandsSection(incident.commandResults),
        verificationSection(incident.verification), timelineSection(incident.timeline), execution.element, stateIo);
      status.textContent = `Updated ${new Date().toLocaleTimeString()}`;
      const ended = ['RESOLVED', 'FAILED', 'ESCALATED', 'NOOP', 'REJECTED'].includes(incident.status);
      if (ended && !execution.running) return;
    } catch (failed) {
      if (failed instanceof ApiError && failed.status === 401) {
        onUnauthorized();
        return;
      }
      if (stopped) return;
      status.textContent = failed instanceof ApiError && failed.status === 404
        ? `No incident ${id}.` : `Could not load: ${failed.message}`;
      if (failed.status === 404) return;
    }
    if (!stopped) timer = setTimeout(load, POLL_MS);
  }

  /** One visit's input and output, as JSON text (never markup: the documents carry the alert's own words). */
  async function showVisit(index) {
    stateIo.hidden = false;
    fill(stateIo, h('h2', {}, 'State input and output'), h('p', { class: 'muted' }, 'loading…'));
    try {
      const visit = await getExecutionVisit(id, index);
      fill(stateIo, h('h2', { id: 'state-io-title' }, `${visit.state} · visit ${index + 1}`),
        fields([['Entered', when(visit.enteredAt)], ['Left', visit.exitedAt ? when(visit.exitedAt) : 'not yet']]),
        h('h3', {}, 'Input'), h('pre', { class: 'json', id: 'state-input' }, pretty(visit.input)),
        h('h3', {}, 'Output'), h('pre', { class: 'json', id: 'state-output' }, visit.output == null ? '—' : pretty(visit.output)));
      stateIo.scrollIntoView({ block: 'nearest' });
    } catch (failed) {
      if (failed instanceof ApiError && failed.status === 401) {
        onUnauthorized();
        return;
      }
      fill(stateIo, h('h2', {}, 'State input and output'), h('p', {}, `Could not load: ${failed.message}`));
    }
  }

  load();
  return () => { stopped = true; clearTimeout(timer); };
}
