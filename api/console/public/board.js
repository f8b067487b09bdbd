// 超期与预警: open requests past 100 % (overdue) and past 75 % (催办 sent) of their 办结 limit.
import { get } from './api.js';
import { bjTime, el, fill, GROUP_LABELS, statusText, SUPERVISION_LABELS, table } from './format.js';
import { historyLink, requestLink } from './links.js';
import { answeringUnit, unitName, units } from './units.js';

/** Statuses in which the 办结 clock runs or is paused: the open requests. */
const OPEN_STATUSES = ['DISPATCHED', 'SIGNED', 'RESPONDED', 'IN_PROGRESS', 'RETURN_REQUESTED', 'SUSPENDED'];
/** Readers of /v1/reports/overdue; other roles read their own scope through /v1/requests. */
const REPORT_READERS = ['auditor', 'supervisor', 'dispatcher', 'admin'];
/** Supervision level 2 is the 催办 at 75 % of the limit (workflows/shared/supervision-ladder.ts). */
const AT_RISK_LEVEL = 2;

async function overdueRequests(role) {
  if (REPORT_READERS.includes(role)) return (await get('/v1/reports/overdue')).items;
  return (await get('/v1/requests?overdue=true&limit=200')).items.filter((r) => OPEN_STATUSES.includes(r.status));
}

async function atRiskRequests() {
  const pages = await Promise.all(OPEN_STATUSES.map((s) => get(`/v1/requests?status=${s}&overdue=false&limit=200`)));
  return pages.flatMap((p) => p.items).filter((r) => r.supervisionLevel >= AT_RISK_LEVEL);
}

function row(tree, r, kind) {
  return [
    requestLink(r.id),
    kind === 'overdue' ? el('span', { class: 'badge overdue' }, '超期') : el('span', { class: 'badge risk' }, '预警'),
    r.categoryCode,
    unitName(tree, r.currentUnitCode),
    statusText(r.status),
    SUPERVISION_LABELS[r.supervisionLevel] ?? String(r.supervisionLevel),
    el('span', {}, bjTime(r.deadlines.resolve), r.deadlines.provisional ? el('span', { class: 'badge provisional', title: '节假日数据未覆盖，按周一至周五暂定' }, ' 暂定') : null),
    historyLink(r.id),
  ];
}

export async function loadBoard(session) {
  const container = document.getElementById('board-body');
  container.replaceChildren(el('p', { class: 'hint' }, '加载中…'));
  const [tree, overdue, atRisk] = await Promise.all([units(), overdueRequests(session.role), atRiskRequests()]);
  const groups = new Map();
  for (const [list, kind] of [[overdue, 'overdue'], [atRisk, 'risk']]) {
    for (const r of list) {
      const unit = answeringUnit(tree, r.currentUnitCode);
      const group = groups.get(unit.code) ?? { unit, rows: [] };
      group.rows.push(row(tree, r, kind));
      groups.set(unit.code, group);
    }
  }
  const headers = ['工单', '类别', '事项', '当前承办单位', '状态', '督办级别', '办结期限（北京时间）', 'Temporal UI'];
  const sections = [...groups.values()]
    .sort((a, b) => a.unit.code.localeCompare(b.unit.code))
    .map((g) => el('div', { class: 'group' }, el('h3', {}, `${GROUP_LABELS[g.unit.tier] ?? g.unit.tier}：${g.unit.name}`), table(headers, g.rows)));
  const summary = el('p', {}, `超期 ${overdue.length} 件，预警 ${atRisk.length} 件。`);
  fill(container, [summary, ...sections]);
}
