// The edge agents: each host's last liveness report, refreshed every 5 s. An agent that stopped reporting is marked
// STALE in words (and colour), with how long it has been silent.
import { listAgents } from './api.js';
import { h, fill, text, when } from './dom.js';
import { poll } from './polling.js';

const POLL_MS = 5000;

function silence(seconds) {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h`;
}

function liveness(agent) {
  return agent.stale
    ? h('span', { class: 'badge agent-stale' }, `STALE: silent ${silence(agent.silentSeconds)}`)
    : h('span', { class: 'badge agent-live' }, 'LIVE');
}

function row(agent) {
  return h('tr', { class: agent.stale ? 'agent stale' : 'agent', 'data-host': agent.hostId },
    h('td', { class: 'id' }, text(agent.hostId)),
    h('td', { class: 'liveness' }, liveness(agent)),
    h('td', {}, text(agent.agentVersion)),
    h('td', {}, text(agent.runtime)),
    h('td', {}, when(agent.startedAt)),
    h('td', {}, when(agent.lastPollAt)),
    h('td', {}, when(agent.lastHeartbeatAt)),
    h('td', { class: 'run' }, text(agent.commandsRun)),
    h('td', {}, text(agent.commandsFailed)));
}

export function agentsPage(main, onUnauthorized) {
  const rows = h('tbody', { id: 'agents' });
  const status = h('p', { id: 'agents-status', class: 'muted', role: 'status' });
  const rule = h('p', { class: 'muted' });

  fill(main,
    h('section', { class: 'card' },
      h('h1', {}, 'Edge agents'),
      rule,
      h('div', { class: 'table' },
        h('table', {},
          h('thead', {}, h('tr', {}, ['Host', 'Liveness', 'Version', 'Runtime', 'Started (UTC)', 'Last poll (UTC)',
            'Last heartbeat (UTC)', 'Commands run', 'Failed'].map((name) => h('th', {}, name)))),
          rows)),
      status));

  return poll(POLL_MS, status, onUnauthorized, async (stopped) => {
    const answer = await listAgents();
    if (stopped()) return;
    rule.textContent = `An agent is stale when it has not reported for ${silence(answer.staleAfterSeconds)}.`;
    fill(rows, answer.agents.length ? answer.agents.map(row)
      : h('tr', {}, h('td', { colspan: 9, class: 'muted' }, 'No agent has reported yet.')));
    status.textContent = `Updated ${new Date().toLocaleTimeString()}`;
  }).stop;
}
