// One pending decision of a request, with approve / refuse calling the request's own action; the
// workflow's validators decide, and a refusal shows the API's reason.
import { call, problemText } from './api.js';
import { bjTime, el } from './format.js';

const UNIT_WORDS = { workday: '个工作日', hour: '小时' };

/** What a request may wait for, the view field that holds it, and the action that decides it. */
export const DECISIONS = [
  {
    field: 'pendingExtension',
    action: 'decideExtension',
    path: 'extension/decision',
    label: '延期申请',
    describe: (p) => `申请延期 ${p.amount} ${UNIT_WORDS[p.unit] ?? p.unit}；理由：${p.reason}`,
  },
  { field: 'pendingPause', action: 'decidePause', path: 'pause/decision', label: '暂停计时申请', describe: (p) => `理由：${p.reason}` },
  {
    field: 'pendingReturn',
    action: 'decideReturn',
    path: 'return/decision',
    label: '退单申请',
    describe: (p) => `申请单位：${p.fromUnit}；理由：${p.reason}；依据：${p.basis}`,
  },
  {
    field: 'pendingUnreasonable',
    action: 'decideUnreasonable',
    path: 'flag-unreasonable/decision',
    label: '不合理诉求认定',
    describe: (p) => `类别：${p.category}；理由：${p.reason}`,
  },
];

/** The decisions a request's live view waits for that this caller may take. */
export const pendingFor = (view) => DECISIONS.filter((d) => view[d.field] && view.allowedActions.includes(d.action));

export function decisionCard(requestId, view, decision, onDecided) {
  const reasonId = `reason-${decision.action}-${requestId}`;
  const reason = el('textarea', { id: reasonId, required: true });
  const outcome = el('p', { 'aria-live': 'polite', class: 'outcome' });
  const buttons = [];
  async function decide(approve) {
    buttons.forEach((b) => (b.disabled = true));
    outcome.className = 'outcome';
    outcome.textContent = '提交中…';
    const res = await call('POST', `/v1/requests/${encodeURIComponent(requestId)}/${decision.path}`, { approve, reason: reason.value });
    buttons.forEach((b) => (b.disabled = false));
    if (!res.ok) {
      outcome.className = 'outcome problem';
      outcome.setAttribute('role', 'alert');
      outcome.textContent = problemText(res);
      return;
    }
    outcome.className = 'outcome done';
    outcome.textContent = `${approve ? '已批准' : '已不予批准'}。当前状态：${res.body.statusLabel}；办结期限：${bjTime(res.body.deadlines.resolve)}（北京时间）`;
    outcome.dataset.deadline = res.body.deadlines.resolve ?? '';
    buttons.forEach((b) => b.remove());
    reason.disabled = true;
    onDecided?.(res.body);
  }
  const approve = el('button', { type: 'button', class: 'approve', onclick: () => decide(true) }, '批准');
  const refuse = el('button', { type: 'button', class: 'refuse', onclick: () => decide(false) }, '不予批准');
  buttons.push(approve, refuse);
  return el(
    'div',
    { class: 'card decision', 'data-request': requestId, 'data-action': decision.action },
    el('h3', {}, `${decision.label} · `, el('a', { href: `#request/${encodeURIComponent(requestId)}` }, requestId)),
    el('p', {}, decision.describe(view[decision.field])),
    el('p', {}, `当前办结期限：${bjTime(view.deadlines.resolve)}（北京时间）`, view.deadlines.provisional ? '（暂定）' : ''),
    el('label', { for: reasonId }, '审批意见（必填）'),
    reason,
    el('div', { class: 'actions' }, approve, refuse),
    outcome,
  );
}
