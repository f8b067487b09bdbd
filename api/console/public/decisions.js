// 待审批: requests waiting for a decision this caller may take (延期, 暂停计时, 退单, 不合理诉求).
import { get } from './api.js';
import { el } from './format.js';
import { decisionCard, pendingFor } from './decision-card.js';

/** Where each role's decisions can wait: the statuses of domain/requests/model.ts that allow them. */
const WAITING_STATUSES = {
  supervisor: ['SIGNED', 'RESPONDED', 'IN_PROGRESS', 'RESOLVED', 'CALLBACK'],
  dispatcher: ['RETURN_REQUESTED'],
};
/**
 * The list rows carry no pending decisions, so the newest rows of each status are read one by one
 * (the live view answers); cards appear as their answers arrive, newest request first, and a few
 * reads at a time leave the browser's connections free for the decisions themselves.
 */
const PER_STATUS = 30;
const PARALLEL = 3;

export async function loadDecisions(session) {
  const container = document.getElementById('decisions-body');
  const summary = el('p', { 'aria-live': 'polite' }, '加载中…');
  const list = el('div');
  container.replaceChildren(summary, list);
  const statuses = WAITING_STATUSES[session.role] ?? [];
  const pages = await Promise.all(statuses.map((s) => get(`/v1/requests?status=${s}&limit=${PER_STATUS}`)));
  const rows = pages.flatMap((p) => p.items).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  let next = 0;
  let checked = 0;
  let found = 0;
  const report = (done) => (summary.textContent = `${done ? '已' : '正在'}查看 ${checked}/${rows.length} 件工单，待审批 ${found} 项。`);
  async function worker() {
    while (next < rows.length) {
      const row = rows[next++];
      const detail = await get(`/v1/requests/${encodeURIComponent(row.id)}`).catch(() => null);
      checked++;
      for (const decision of detail && detail.live ? pendingFor(detail.live) : []) {
        list.append(decisionCard(detail.id, detail.live, decision));
        found++;
      }
      report(false);
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, rows.length) }, worker));
  report(true);
  if (!found) list.replaceChildren(el('p', { class: 'hint' }, '暂无待审批事项。'));
}
