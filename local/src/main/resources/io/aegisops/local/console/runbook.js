// The runbook: what the pipeline learned per pattern (alert type, service, action), what people said of it, and an
// operator's audited Disable/Enable. A disabled entry neither diagnoses nor lets a remedy run without a human.
import { ApiError, listRunbook, toggleRunbookEntry } from './api.js';
import { h, fill, text, when } from './dom.js';

function percent(share) {
  return `${Math.round(share * 100)}%`;
}

function stateCell(entry) {
  const toggle = entry.toggle;
  return h('td', { class: 'state' },
    h('span', { class: `badge ${entry.disabled ? 'status-rejected' : 'status-resolved'}` }, entry.disabled ? 'disabled' : 'enabled'),
    toggle ? h('div', { class: 'muted toggle' },
      `${toggle.disabled ? 'Disabled' : 'Enabled'} by ${text(toggle.by)} (${text(toggle.role)}) at ${when(toggle.at)}: `,
      h('q', {}, text(toggle.comment))) : null);
}

function trustCell(entry, required) {
  return h('td', {},
    h('div', {}, `${Math.min(entry.approvedStreak, required)}/${required} approvals`),
    h('div', { class: 'muted' }, `last rejected ${when(entry.lastRejectedAt)}`),
    h('div', { class: 'muted' }, `last failed ${when(entry.lastFailedAt)}`),
    entry.autonomyEarned ? h('span', { class: 'badge status-resolved' }, 'AUTO earned') : null);
}

export function runbookPage(main, onUnauthorized) {
  const settings = h('p', { id: 'runbook-settings', class: 'muted' });
  const rows = h('tbody', { id: 'runbook' });
  const status = h('p', { id: 'runbook-status', class: 'muted', role: 'status' });
  let stopped = false;

  fill(main,
    h('section', { class: 'card' },
      h('h1', {}, 'Runbook'),
      settings,
      h('div', { class: 'table' },
        h('table', {},
          h('thead', {}, h('tr', {}, ['Alert', 'Service', 'Action', 'Outcomes', 'Confidence', 'Last used (UTC)',
            'People', 'State', 'Change'].map((name) => h('th', {}, name)))),
          rows)),
      status));

  function row(entry, required) {
    const comment = h('input', { class: 'toggle-comment', type: 'text', maxlength: 1000, required: true,
      placeholder: 'why (required)', 'aria-label': `why ${entry.disabled ? 'enable' : 'disable'} ${entry.signature}` });
    const button = h('button', { type: 'button', class: `toggle ${entry.disabled ? 'approve' : 'reject'}` },
      entry.disabled ? 'Enable' : 'Disable');
    const error = h('p', { class: 'error', role: 'alert' });
    button.addEventListener('click', async () => {
      if (!comment.value.trim()) {
        error.textContent = 'Say why: the comment is kept with the change.';
        comment.focus();
        return;
      }
      button.disabled = true;
      try {
        await toggleRunbookEntry(entry.signature, !entry.disabled, comment.value.trim());
        await refresh();
      } catch (failed) {
        if (failed instanceof ApiError && failed.status === 401) {
          onUnauthorized();
          return;
        }
        error.textContent = `Not changed: ${failed.message}`;
        button.disabled = false;
      }
    });
    return h('tr', { class: `entry${entry.disabled ? ' disabled' : ''}`, 'data-signature': entry.signature },
      h('td', {}, text(entry.alertType)),
      h('td', { class: 'service' }, text(entry.service)),
      h('td', { class: 'nowrap' }, text(entry.action)),
      h('td', {}, `${entry.successes} ✓ · ${entry.failures} ✗ · ${entry.rejections} rejected`,
        entry.decidesAlone ? h('div', { class: 'muted' }, 'diagnoses without a model') : null),
      h('td', { class: 'nowrap' }, percent(entry.confidence)),
      h('td', {}, when(entry.lastUsed)),
      trustCell(entry, required),
      stateCell(entry),
      h('td', { class: 'change' }, comment, button, error));
  }

  async function refresh() {
    try {
      const runbook = await listRunbook();
      if (stopped) return;
      settings.textContent = `A pattern runs without a human after ${runbook.autonomyMinApprovals} approvals in a row, `
        + `each verified (AEGIS_AUTONOMY_MIN_APPROVALS); the runbook diagnoses alone once its verified successes `
        + `outnumber its failures and rejections by ${runbook.runbookMinSuccesses} (AEGIS_RUNBOOK_MIN_SUCCESSES). `
        + 'A disabled entry does neither.';
      fill(rows, runbook.entries.length
        ? runbook.entries.map((entry) => row(entry, runbook.autonomyMinApprovals))
        : h('tr', {}, h('td', { colspan: 9, class: 'muted' }, 'Nothing learned yet: the runbook learns from verified remedies.')));
      status.textContent = `${runbook.entries.length} entries${runbook.truncated ? ` (the first ${runbook.maxEntries})` : ''}`
        + ` · updated ${new Date().toLocaleTimeString()}`;
    } catch (failed) {
      if (failed instanceof ApiError && failed.status === 401) {
        onUnauthorized();
        return;
      }
      if (!stopped) status.textContent = `Could not load the runbook: ${failed.message}`;
    }
  }

  refresh();
  return () => { stopped = true; };
}
