import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { reportedSignal, reportStateQuery, type ReportResult, type ReportWorkflowInput } from './definitions';
import { beijingTime } from '../../domain/shared/time';

const delivery = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * 报到: one department answering a street's whistle (吹哨). It has its own deadline; when that
 * passes, the department is reminded once (and the lateness counts in 吹哨报到双考核), and the
 * workflow keeps waiting, because the parent request needs the report either way.
 */
export async function departmentReportWorkflow(input: ReportWorkflowInput): Promise<ReportResult> {
  let report: { note: string; by: string; at: string } | null = null;
  let overdue = false;
  wf.setHandler(reportedSignal, ({ note, by }) => {
    report ??= { note, by, at: new Date().toISOString() };
  });
  wf.setHandler(reportStateQuery, () => ({
    department: input.department.code,
    dueAt: input.dueAt,
    reported: report !== null,
    overdue,
  }));

  await delivery.notify({
    idempotencyKey: `${wf.workflowInfo().workflowId}:WHISTLE`,
    requestId: input.requestId,
    kind: 'WHISTLE',
    recipientUnitCode: input.department.code,
    message: `吹哨: 工单 ${input.requestId} 请 ${input.department.name} 于 ${beijingTime(input.dueAt)} 前报到。${input.reason}`,
  });
  const wait = Math.max(1, Date.parse(input.dueAt) - Date.now());
  if (!(await wf.condition(() => report !== null, wait, { summary: '报到 deadline' }))) {
    overdue = true;
    await delivery.notify({
      idempotencyKey: `${wf.workflowInfo().workflowId}:REPORT_OVERDUE`,
      requestId: input.requestId,
      kind: 'REPORT_OVERDUE',
      recipientUnitCode: input.department.code,
      message: `报到超时: 工单 ${input.requestId}，${input.department.name} 未在 ${beijingTime(input.dueAt)} 前报到`,
    });
    await wf.condition(() => report !== null);
  }
  const done = report as unknown as { note: string; by: string; at: string };
  return { department: input.department.code, note: done.note, by: done.by, reportedAt: done.at, onTime: !overdue };
}
