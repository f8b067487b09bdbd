// One request: its state, deadlines and supervision, its pending decisions and, for supervisors,
// the deadline override (调整办结期限). Everything is the API's view of the request.
import { call, get, problemText } from './api.js';
import { bjTime, el, SUPERVISION_LABELS, table } from './format.js';
import { decisionCard, pendingFor } from './decision-card.js';
import { historyLink } from './links.js';

function overrideForm(id, onDone) {
  const when = el('input', { type: 'datetime-local', id: 'override-deadline', required: true });
  const reason = el('textarea', { id: 'override-reason', required: true });
  const outcome = el('p', { 'aria-live': 'polite' });
  const form = el(
    'form',
    { class: 'card' },
    el('h3', {}, '调整办结期限'),
    el('label', { for: 'override-deadline' }, '新的办结期限（北京时间）'),
    when,
    el('label', { for: 'override-reason' }, '调整理由（必填）'),
    reason,
    el('div', { class: 'actions' }, el('button', { type: 'submit' }, '调整期限')),
    outcome,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // The input holds a Beijing wall-clock time: the API takes it with its offset.
    const res = await call('PUT', `/v1/requests/${encodeURIComponent(id)}/deadline`, { deadline: `${when.value}:00+08:00`, reason: reason.value });
    outcome.className = res.ok ? 'done' : 'problem';
    outcome.textContent = res.ok ? `已调整。办结期限：${bjTime(res.body.deadlines.resolve)}（北京时间）` : problemText(res);
    if (res.ok) onDone();
  });
  return form;
}

export async function loadRequest(id) {
  const container = document.getElementById('request-body');
  container.replaceChildren(el('p', { class: 'hint' }, '加载中…'));
  const detail = await get(`/v1/requests/${encodeURIComponent(id)}`);
  const view = detail.live;
  const deadlines = detail.deadlines;
  const facts = table(
    ['项目', '内容'],
    [
      ['工单', detail.id],
      ['事项 / 类型', `${detail.categoryCode} / ${detail.type}`],
      ['状态', detail.statusLabel ?? detail.status],
      ['承办单位', detail.unit ? `${detail.unit.name}（${detail.unit.code}）` : (detail.currentUnitCode ?? '—')],
      ['督办级别', SUPERVISION_LABELS[detail.supervisionLevel] ?? String(detail.supervisionLevel)],
      ['超期', detail.overdue ? '是' : '否'],
      ['签收期限', bjTime(deadlines.sign)],
      ['响应期限', bjTime(deadlines.respond)],
      ['办结期限', el('span', { id: 'request-resolve-deadline' }, bjTime(deadlines.resolve), deadlines.provisional ? '（暂定：节假日数据未覆盖，按周一至周五计）' : '')],
      ['流程历史', historyLink(detail.id)],
    ],
  );
  const refresh = () => loadRequest(id);
  const parts = [facts];
  if (!view) parts.push(el('p', { class: 'problem' }, `流程状态暂不可读：${detail.liveError ?? ''}`));
  else {
    for (const decision of pendingFor(view)) parts.push(decisionCard(detail.id, view, decision));
    if (view.allowedActions.includes('overrideDeadline')) parts.push(overrideForm(detail.id, refresh));
  }
  container.replaceChildren(...parts);
}
