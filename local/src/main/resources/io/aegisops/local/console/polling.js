// A page's refresh loop: load() now and every `ms` until the page is left. A refused token signs out; any other
// failure is shown in `status` and tried again at the next turn. load(stopped) checks stopped() after each await.
import { ApiError } from './api.js';

export function poll(ms, status, onUnauthorized, load) {
  let timer;
  let stopped = false;
  const isStopped = () => stopped;

  async function refresh() {
    clearTimeout(timer);
    try {
      await load(isStopped);
    } catch (failed) {
      if (failed instanceof ApiError && failed.status === 401) {
        onUnauthorized();
        return;
      }
      if (stopped) return;
      status.textContent = `Could not refresh: ${failed.message}`;
    }
    if (!stopped) timer = setTimeout(refresh, ms);
  }

  refresh();
  return { refresh, stop: () => { stopped = true; clearTimeout(timer); } };
}
