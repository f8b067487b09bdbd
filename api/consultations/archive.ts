import type { PrismaClient } from '@prisma/client';
import {
  CONSULTATION_STATUS_LABELS,
  PARTICIPANT_CATEGORY_LABELS,
  type ConsultationStatus,
  type ParticipantCategory,
} from '../../domain/consultations/model';
import type { ConsultationArchiveExport } from '../../domain/consultations/views';
import type { ConsultationArchiveRecord } from '../../workflows/consultations/definitions';
import { HttpError } from '../errors';
import { beijingTime } from '../../domain/shared/time';

export type ArchiveContent = ConsultationArchiveRecord & { topic: { title: string; description: string } };

/** The archive.json reply (domain/consultations/views.ts), its content typed for the HTML rendering. */
export type ArchiveExport = ConsultationArchiveExport & { content: ArchiveContent };

/** The item's archive record (一事一档); 404 while the item is still open. */
export async function loadArchive(prisma: PrismaClient, itemId: string): Promise<ArchiveExport> {
  const row = await prisma.consultationArchive.findUnique({ where: { itemId } });
  if (!row) throw new HttpError(404, 'NOT_FOUND', `consultation item ${itemId} has no archive record yet (still open)`);
  return {
    itemId: row.itemId,
    outcome: row.outcome,
    archivedAt: row.archivedAt.toISOString(),
    contentHash: row.contentHash,
    content: row.content as unknown as ArchiveContent,
  };
}

const esc = (value: unknown): string =>
  String(value ?? '—')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** Beijing local time, "2026-11-22 14:05" (a deadline at midnight reads "24:00" of the day before). */
const local = beijingTime;

const OUTCOME_LABELS: Record<string, string> = {
  COMPLETED: '已办结',
  NOT_FOR_CONSULTATION: '不予协商',
  NO_CONSENSUS: '未达成共识',
  EXPIRED: '逾期未议',
};

const table = (headers: string[], rows: string[][]) =>
  rows.length
    ? `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
        .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`
    : '<p class="none">无</p>';

/**
 * The printable 一事一档 document a community office files: every section of the record, with
 * Chinese headings, A4 print styles and the content hash that identifies the stored record.
 */
export function renderArchiveHtml(archive: ArchiveExport): string {
  const c = archive.content;
  const sections: string[] = [];
  const section = (title: string, body: string) => sections.push(`<section><h2>${esc(title)}</h2>${body}</section>`);

  section(
    '一、议题 (集)',
    `<dl>
<dt>议题号</dt><dd>${esc(c.itemId)}</dd>
<dt>议题</dt><dd>${esc(c.topic?.title)}</dd>
<dt>内容</dt><dd class="pre">${esc(c.topic?.description)}</dd>
<dt>社区</dt><dd>${esc(c.communityCode)}</dd>
<dt>来源</dt><dd>${esc(c.source)}${c.hotspotRequestIds?.length ? ` (接诉即办热点: ${esc(c.hotspotRequestIds.join(', '))})` : ''}</dd>
<dt>议事类型</dt><dd>${c.track === 'INSTANT' ? '即时议' : '深入议'}</dd>
<dt>提出人 (居民编号)</dt><dd>${esc(c.proposerResidentId)}</dd>
<dt>征集时间</dt><dd>${local(c.collectedAt)}</dd>
</dl>`,
  );

  const s = c.screening;
  section(
    '二、审核定题 (定)',
    s
      ? `<dl>
<dt>五议五不议目录</dt><dd>${esc(s.topic.code)} ${esc(s.topic.name)} (${s.topic.allowed ? '可议' : '不议'})</dd>
<dt>审核结论</dt><dd>${s.forConsultation ? '纳入协商' : '不予协商'}</dd>
<dt>说明</dt><dd>${esc(s.note)}</dd>
<dt>转接诉即办</dt><dd>${esc(s.routedRequestId)}</dd>
<dt>审核人 / 时间</dt><dd>${esc(s.by)} · ${local(s.at)}</dd>
</dl>`
      : '<p class="none">未审核</p>',
  );

  section(
    '三、参与主体 (1+8+N) 与形式',
    `<p>议事形式: ${esc(c.form === 'BENCH' ? '板凳议事' : c.form === 'ONLINE' ? '线上议事' : c.form === 'MEETING' ? '会议协商' : null)}</p>` +
      table(
        ['编号', '类别', '说明'],
        (c.participants ?? []).map((p) => [
          esc(p.id),
          esc(PARTICIPANT_CATEGORY_LABELS[p.category as ParticipantCategory] ?? p.category),
          esc(p.label ?? ''),
        ]),
      ),
  );

  section(
    '四、会议通知',
    table(
      ['轮次', '通知时间', '会议时间', '地点', '议程', '通知人数'],
      (c.notices ?? []).map((n) => [
        esc(n.round),
        local(n.noticeAt),
        local(n.meetingAt),
        esc(n.place),
        esc(n.agenda),
        esc(n.recipients.length),
      ]),
    ),
  );

  section(
    '五、会议纪要与表决 (议)',
    (c.meetings ?? []).length
      ? c.meetings
          .map(
            (m) => `<article><h3>第${esc(m.round)}轮 · ${local(m.recordedAt)} · ${m.tally.consensus ? '达成共识' : '未达成共识'}</h3>
<p>应到 ${esc(m.tally.participants)} 人，实到 ${esc(m.tally.present)} 人 (${m.tally.quorum ? '过半数' : '未过半数'})；
赞成 ${esc(m.tally.inFavour)}，反对 ${esc(m.tally.against)}，弃权 ${esc(m.tally.abstain)}，未表决 ${esc(m.tally.notVoting)} (${m.tally.majority ? '赞成过半' : '赞成未过半'})。</p>
<p><strong>签到:</strong> ${esc(m.attendees.join(', '))}</p>
<p><strong>协商意见 (表决稿):</strong></p><p class="pre">${esc(m.proposal)}</p>
<p><strong>会议纪要:</strong></p><p class="pre">${esc(m.minutes)}</p>
${table(['发言人', '意见'], m.opinions.map((o) => [esc(o.participantId ?? '—'), esc(o.text)]))}
<p>记录人: ${esc(m.by)}</p></article>`,
          )
          .join('')
      : '<p class="none">未召开会议</p>',
  );

  section(
    '六、结果公示与异议 (公)',
    (c.publicity ?? []).length
      ? c.publicity
          .map(
            (p) => `<article><h3>第${esc(p.round)}次公示 · ${local(p.startedAt)} 至 ${local(p.endsAt)} · ${esc(
              p.outcome === 'COMPLETED' ? '公示期满' : p.outcome === 'RETURNED_TO_DELIBERATION' ? '异议成立，退回重议' : '公示中',
            )}</h3>
<p class="pre">${esc(p.text)}</p><p>公示渠道: ${esc(p.channels.join(', '))}</p>
${table(
  ['序号', '居民编号', '异议内容', '提出时间', '认定'],
  p.objections.map((o) => [
    esc(o.no),
    esc(o.residentId),
    esc(o.text),
    local(o.at),
    o.decision ? `${o.decision.substantive ? '实质性异议' : '非实质性'}: ${esc(o.decision.reason)}` : '未认定',
  ]),
)}</article>`,
          )
          .join('')
      : '<p class="none">未公示</p>',
  );

  section(
    '七、办理与督办 (办、督)',
    table(
      ['轮次', '责任方', '交办时间', '办结时限', '完成时间', '督办级别', '超期'],
      (c.implementation ?? []).map((i) => [
        esc(i.cycle),
        esc(i.owner.label),
        local(i.assignedAt),
        local(i.deadline),
        local(i.completedAt),
        esc(i.supervisionLevel),
        i.overdue ? '是' : '否',
      ]),
    ) +
      table(
        ['日期', '轮次', '进度', '进展', '佐证材料'],
        (c.progress ?? []).map((p) => [esc(p.date), esc(p.cycle), `${esc(p.percent)}%`, esc(p.note), esc(p.evidence.join('; '))]),
      ) +
      ((c.linkedRequests ?? []).length
        ? '<h3>接诉即办派单 (落实任务)</h3>' +
          table(
            ['工单号', '轮次', '事项', '位置', '派单时间', '结果'],
            c.linkedRequests.map((l) => [
              esc(l.requestId),
              esc(l.cycle),
              esc(l.categoryCode),
              esc(l.locationUnitCode),
              local(l.dispatchedAt),
              l.closed ? `${esc(l.closedStatus)} · ${local(l.closedAt)}` : '办理中',
            ]),
          )
        : ''),
  );

  section(
    '八、评议 (评)',
    (c.evaluations ?? []).length
      ? c.evaluations
          .map(
            (e) => `<article><h3>第${esc(e.round)}次评议 · 截止 ${local(e.closesAt)} · ${
              e.tally ? (e.tally.passed === null ? '无人评议' : e.tally.passed ? '通过' : '未通过') : '进行中'
            }${e.tally ? ` (满意及基本满意 ${esc(e.tally.satisfied)}/${esc(e.tally.ratings)})` : ''}</h3>
${table(
  ['评议人', '身份', '评价', '意见'],
  e.ratings.map((r) => [esc(r.raterId), r.raterKind === 'RESIDENT' ? '居民' : '参与方', esc(r.satisfaction), esc(r.comment)]),
)}</article>`,
          )
          .join('')
      : '<p class="none">未评议</p>',
  );

  section(
    '九、归档 (备)',
    `<dl>
<dt>结果</dt><dd>${esc(OUTCOME_LABELS[c.outcome] ?? c.outcome)} · ${esc(CONSULTATION_STATUS_LABELS[c.finalStatus as ConsultationStatus] ?? c.finalStatus)}</dd>
<dt>归档时间</dt><dd>${local(c.archivedAt)}</dd>
<dt>未达成共识次数</dt><dd>${esc(c.noConsensusCount)}</dd>
<dt>档案校验值 (SHA-256)</dt><dd class="mono">${esc(archive.contentHash)}</dd>
</dl>`,
  );

  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>社区议事协商档案 ${esc(c.itemId)}</title>
<style>
  @page { size: A4; margin: 18mm; }
  body { font-family: "Songti SC", "SimSun", "Noto Serif CJK SC", serif; font-size: 11pt; color: #000; max-width: 180mm; margin: auto; }
  h1 { text-align: center; font-size: 18pt; margin-bottom: 2pt; }
  .sub { text-align: center; margin-top: 0; }
  h2 { font-size: 13pt; border-bottom: 1px solid #000; margin-top: 14pt; }
  h3 { font-size: 11pt; margin: 8pt 0 4pt; }
  dl { display: grid; grid-template-columns: 32mm 1fr; gap: 2pt 6pt; margin: 0; }
  dt { font-weight: bold; }
  dd { margin: 0; }
  table { border-collapse: collapse; width: 100%; margin: 4pt 0; }
  th, td { border: 1px solid #000; padding: 2pt 4pt; text-align: left; vertical-align: top; }
  .pre { white-space: pre-wrap; }
  .mono { font-family: monospace; word-break: break-all; }
  .none { color: #555; }
  section, article { page-break-inside: avoid; }
  footer { margin-top: 18pt; display: flex; justify-content: space-between; }
</style>
</head>
<body>
<h1>社区议事协商档案 (一事一档)</h1>
<p class="sub">集 · 定 · 议 · 公 · 办 · 督 · 评 · 备 — ${esc(c.itemId)}</p>
${sections.join('\n')}
<footer><span>归档人签字: ____________</span><span>社区 (盖章)</span></footer>
</body>
</html>
`;
}
