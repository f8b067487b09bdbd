// Links of a request: its page in the console, and its runs and history in Temporal UI.
import { el } from './format.js';

let temporalUi = null;
export const setTemporalUi = (config) => (temporalUi = config);

export const requestLink = (id) => el('a', { href: `#request/${encodeURIComponent(id)}` }, id);

/** The UI's list filtered by workflow id: every run of the request, one click from its history. */
export function historyLink(id) {
  if (!temporalUi) return '—';
  const query = encodeURIComponent(`WorkflowId="${id}"`);
  const href = `${temporalUi.url}/namespaces/${encodeURIComponent(temporalUi.namespace)}/workflows?query=${query}`;
  return el('a', { href, target: '_blank', rel: 'noopener' }, '流程历史');
}
