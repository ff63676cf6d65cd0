// The REST API, called with the approver token in the Authorization header. The token lives in sessionStorage
// only (gone when the browser tab closes); there are no cookies, so a forged cross-site request carries nothing.

const TOKEN_KEY = 'aegis.approverToken';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  signIn: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  signOut: () => sessionStorage.removeItem(TOKEN_KEY),
};

// The API's base URL, from config.json beside index.html: empty where the API is on the console's own origin (the
// embedded stack), the REST API's stage URL on AWS (the CDK app writes it). Read once.
let apiBase;

function base() {
  apiBase ??= fetch('config.json', { cache: 'no-store', credentials: 'omit', redirect: 'error' })
    .then((response) => (response.ok ? response.json() : {}))
    .then((config) => String(config.apiBaseUrl || '').replace(/\/$/, ''))
    .catch(() => { apiBase = undefined; throw new ApiError(0, 'the console\'s config.json could not be read'); });
  return apiBase;
}

async function call(method, path, body, token = session.token()) {
  const root = await base();
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(`${root}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
    });
  } catch (unreachable) {
    throw new ApiError(0, 'the stack does not answer (is it still running?)');
  }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(response.status, answer.message || `HTTP ${response.status}`);
  }
  return answer;
}

/** Checks a token by reading one incident with it; resolves when the API accepts it. */
export function checkToken(token) {
  return call('GET', '/incidents?limit=1', undefined, token);
}

export function listIncidents({ limit = 20, cursor, ...filters } = {}) {
  const query = new URLSearchParams({ limit: String(limit) });
  for (const [name, value] of Object.entries(filters)) {
    if (value) query.set(name, value);
  }
  if (cursor) query.set('cursor', cursor);
  return call('GET', `/incidents?${query}`);
}

export function getIncident(id) {
  return call('GET', `/incidents/${encodeURIComponent(id)}`);
}

export function decide(id, decision, comment, force) {
  return call('POST', `/incidents/${encodeURIComponent(id)}/approval`, { decision, comment: comment || null, force: Boolean(force) });
}

/** The edge agents' last liveness reports, each marked stale or not: {agents, staleAfterSeconds}. */
export function listAgents() {
  return call('GET', '/agents');
}

/** The incident's execution: the state machine's definition and the states visited. */
export function getExecution(id) {
  return call('GET', `/incidents/${encodeURIComponent(id)}/execution`);
}

/** One visit of the execution (its place in the list of states visited) with its input and output, redacted. */
export function getExecutionVisit(id, index) {
  return call('GET', `/incidents/${encodeURIComponent(id)}/execution?visit=${encodeURIComponent(String(index))}`);
}

/** The runbook's entries, and the settings that decide when an entry may act: {entries, autonomyMinApprovals, ...}. */
export function listRunbook() {
  return call('GET', '/runbook');
}

/** Disables (or enables) a runbook entry in the signed-in approver's name, with the comment the audit keeps. */
export function toggleRunbookEntry(signature, disable, comment) {
  return call('POST', `/runbook/${encodeURIComponent(signature)}/${disable ? 'disable' : 'enable'}`, { comment });
}

/** The analytics of the last `days` days (1 to 90). */
export function getStats(days) {
  return call('GET', `/stats?days=${encodeURIComponent(String(days))}`);
}
