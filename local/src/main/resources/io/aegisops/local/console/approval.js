// The approval form: what AegisOps asks to do to which target, and Approve/Reject with a comment. Used on an
// incident's page (with element ids) and once per pending incident on the Approvals page.
import { decide } from './api.js';
import { h, text } from './dom.js';

/** "RESTART on buggy-app (container aegis-buggy-app, host local-1)", a ROLLBACK with the image it goes back to. */
export function whatWillBeDone(incident) {
  const action = incident.diagnosis?.action;
  const target = incident.target || {};
  const image = action === 'ROLLBACK' ? incident.evidence?.container?.previousImage : null;
  return `${text(action)}${image ? ` to ${image}` : ''} on ${text(target.service)} (container ${text(target.container)}, `
    + `host ${text(target.host)})`;
}

/** {ids: true} gives the form's elements their ids (one form on the page); otherwise classes only. */
export function approvalForm(incident, reload, { ids = false } = {}) {
  const id = (name) => (ids ? name : undefined);
  const comment = h('textarea', { id: id('approval-comment'), class: 'approval-comment', maxlength: 1000, rows: 2, placeholder: 'comment (optional)' });
  const force = h('input', { id: id('approval-force'), class: 'approval-force', type: 'checkbox' });
  const result = h('p', { id: id('approval-result'), class: 'approval-result', role: 'status' });
  const buttons = [];
  const send = (decision) => async () => {
    buttons.forEach((button) => { button.disabled = true; });
    try {
      const answer = await decide(incident.incidentId, decision, comment.value.trim(), decision === 'APPROVE' && force.checked);
      result.textContent = `${answer.decision === 'APPROVE' ? 'Approved' : 'Rejected'} by ${answer.approver}.`;
      reload();
    } catch (failed) {
      result.textContent = `Not recorded: ${failed.message}`;
      buttons.forEach((button) => { button.disabled = false; });
    }
  };
  buttons.push(h('button', { id: id('approve'), type: 'button', class: 'approve', onclick: send('APPROVE') }, 'Approve'),
    h('button', { id: id('reject'), type: 'button', class: 'reject', onclick: send('REJECT') }, 'Reject'));
  return h('section', { class: 'card pending', id: id('approval'), 'data-id': incident.incidentId }, h('h2', {}, 'Approval'),
    h('p', { class: 'what' }, `AegisOps asks before it runs ${whatWillBeDone(incident)}`),
    h('p', { class: 'muted' }, 'On approval the target is looked at again: if what the alert said is gone, nothing is done.'),
    comment, h('label', { class: 'force' }, force, ' act even if it is healthy by then (no re-check)'),
    h('div', { class: 'actions' }, buttons), result);
}
