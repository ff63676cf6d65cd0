// The console's entry point: sign-in, then a hash router between the incidents board, an incident's page, the
// pending approvals, the runbook, the analytics and the edge agents.
import { agentsPage } from './agents.js';
import { analyticsPage } from './analytics.js';
import { approvalsPage } from './approvals.js';
import { ApiError, checkToken, session } from './api.js';
import { board } from './board.js';
import { h, fill } from './dom.js';
import { incidentPage } from './incident.js';
import { runbookPage } from './runbook.js';

const main = document.getElementById('main');
const signOutButton = document.getElementById('sign-out');
const nav = document.getElementById('nav');
let stopView = () => {};

function signInPage(message) {
  const input = h('input', {
    id: 'token', type: 'password', autocomplete: 'off', required: true, placeholder: 'approver token',
    'aria-label': 'approver token',
  });
  const error = h('p', { id: 'sign-in-error', class: 'error', role: 'alert' }, message || '');
  const button = h('button', { id: 'sign-in', type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'card sign-in', onsubmit: async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      await checkToken(input.value.trim());
      session.signIn(input.value.trim());
      route();
    } catch (refused) {
      error.textContent = refused instanceof ApiError && refused.status === 401
        ? 'That token was refused: it is not an approver token of this stack.'
        : `Cannot sign in: ${refused.message}`;
      button.disabled = false;
    }
  } },
  h('h1', {}, 'Sign in'),
  h('p', { class: 'muted' }, 'The approver token that ./aegis up prints (it is also approverToken in .aegis/local.json). '
    + 'It is kept for this browser tab only.'),
  input, button, error);
  fill(main, form);
  input.focus();
  return () => {};
}

/** A view's API call was refused for the token: back to the sign-in page. */
export function onUnauthorized() {
  session.signOut();
  route('Your token was refused; sign in again.');
}

function route(message) {
  stopView();
  const signedIn = Boolean(session.token());
  signOutButton.hidden = !signedIn;
  nav.hidden = !signedIn;
  if (!signedIn) {
    stopView = signInPage(message);
    return;
  }
  const incident = /^#\/incidents\/([^/]+)$/.exec(location.hash)
    // the notifications' execution links (AEGIS_CONSOLE_URL + the execution's ARN): an execution is named by its
    // incident's id, the ARN's last part
    || /^#\/executions\/.*(?::|%3A)([^:/%]+)$/.exec(location.hash);
  const page = incident ? 'incidents' : { '#/approvals': 'approvals', '#/runbook': 'runbook', '#/analytics': 'analytics', '#/agents': 'agents' }[location.hash] || 'incidents';
  for (const link of nav.querySelectorAll('a')) {
    if (link.id === `nav-${page}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (incident) stopView = incidentPage(main, decodeURIComponent(incident[1]), onUnauthorized);
  else if (page === 'approvals') stopView = approvalsPage(main, onUnauthorized);
  else if (page === 'runbook') stopView = runbookPage(main, onUnauthorized);
  else if (page === 'analytics') stopView = analyticsPage(main, onUnauthorized);
  else if (page === 'agents') stopView = agentsPage(main, onUnauthorized);
  else stopView = board(main, onUnauthorized);
}

signOutButton.addEventListener('click', () => {
  session.signOut();
  location.hash = '#/';
  route();
});
window.addEventListener('hashchange', () => route());
route();
