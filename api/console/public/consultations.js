// 社区议事协商: items by step (集定议公办督评备) with their progress and, once archived, the archive.
import { get } from './api.js';
import { bjTime, consultationStatusText, el, fill, table } from './format.js';

const STEPS = ['集', '定', '议', '公', '办', '督', '评', '备'];
const FINAL = ['ARCHIVED', 'REJECTED', 'NO_CONSENSUS', 'EXPIRED'];

function progressBar(percent) {
  const bar = el('span');
  bar.style.width = `${Math.max(0, Math.min(100, percent ?? 0))}%`;
  return el('span', {}, el('span', { class: 'progress', role: 'img', 'aria-label': `进度 ${percent ?? 0}%` }, bar), ` ${percent ?? 0}%`);
}

const archiveLink = (item) =>
  FINAL.includes(item.status)
    ? el('a', { href: `/console/api/v1/consultations/${encodeURIComponent(item.id)}/archive.html`, target: '_blank', rel: 'noopener' }, '档案')
    : '—';

export async function loadConsultations() {
  const body = await get('/v1/consultations?limit=200');
  const byStep = new Map(STEPS.map((s) => [s, []]));
  for (const item of body.items) (byStep.get(item.step) ?? byStep.set(item.step, []).get(item.step)).push(item);
  const sections = [...byStep.entries()]
    .filter(([, items]) => items.length)
    .map(([step, items]) =>
      el(
        'div',
        {},
        el('h3', {}, `${step}（${items.length}）`),
        table(
          ['议题', '社区', '状态', '责任方', '期限', '进度', '档案'],
          items.map((i) => [i.title, i.communityCode, consultationStatusText(i.status), i.ownerLabel ?? '—', el('span', {}, bjTime(i.deadline), i.deadlinesProvisional ? '（暂定）' : ''), progressBar(i.progressPercent), archiveLink(i)]),
        ),
      ),
    );
  fill(document.getElementById('consultations-body'), sections, '暂无议事协商事项。');
}
