/** Steps of an item reached from several handlers and timers: 公 completed, 办 cycles, 评, 备. */
import { CONSULTATION_LIMITS } from '../../domain/consultations/model';
import { tallyEvaluation } from '../../domain/consultations/rules';
import { beijingTime } from '../../domain/shared/time';
import type { ImplementationRecord, LinkedRequestRecord } from './definitions';
import { archiveRecord, currentEvaluation, currentImplementation, currentPublicity } from './state';
import { ladderSpecs, ladderToFixedDeadline, noticeSpec } from '../shared/supervision-ladder';
import type { ConsultationWorkflow } from './workflow';

/** 备: writes the immutable 一事一档 archive record and records the outcome. */
export async function archive(w: ConsultationWorkflow): Promise<void> {
  const { s } = w;
  const archivedAt = w.now();
  s.archivedAt = archivedAt;
  try {
    const result = await w.acts.writeConsultationArchive(archiveRecord(s, archivedAt));
    s.archived = true;
    s.archiveHash = result.contentHash;
    await w.record('ARCHIVED', 'system', undefined, { outcome: s.outcome, contentHash: result.contentHash });
  } catch (err) {
    s.lastError = `archive failed: ${err instanceof Error ? err.message : String(err)}`;
    await w.record('ARCHIVE_FAILED', 'system', s.lastError);
  }
}

/** 公 ends: the window closed and every objection is decided (none substantive). */
export async function finishPublicity(w: ConsultationWorkflow): Promise<void> {
  const pub = currentPublicity(w.s)!;
  pub.outcome = 'COMPLETED';
  w.s.status = 'PUBLICIZED';
  await w.record('PUBLICITY_COMPLETED', 'system', undefined, { objections: pub.objections.length });
}

/** Opens a 办 cycle: deadline (given, or 30 days) and the 50/75/100 % and 通报 checkpoints. */
export async function startImplementation(
  w: ConsultationWorkflow,
  owner: { label: string; unitCode: string },
  by: string,
  deadline?: string,
): Promise<ImplementationRecord> {
  const { s } = w;
  const assignedAt = w.now();
  let half: string, threeQuarters: string, dueAt: string;
  if (deadline) {
    // A deadline set by the convener: the reminders keep their 50/75 % positions on its span.
    const fixed = ladderToFixedDeadline(assignedAt, new Date(deadline).toISOString());
    [half, threeQuarters, dueAt] = [fixed.half, fixed.threeQuarters, fixed.due];
  } else {
    // sla() answers one instant per spec (a gap in the calendar waits for data, never null).
    const [h, q, d] = await w.sla(ladderSpecs(assignedAt, CONSULTATION_LIMITS.IMPLEMENTATION));
    [half, threeQuarters, dueAt] = [h!, q!, d!];
  }
  const [notice] = await w.sla([noticeSpec(dueAt, assignedAt)]);
  const impl: ImplementationRecord = {
    cycle: s.implementations.length + 1,
    owner,
    assignedAt,
    deadline: dueAt,
    schedule: { half, threeQuarters, due: dueAt, notice: notice ?? null },
    supervisionLevel: 0,
    overdue: false,
    completedAt: null,
    by,
  };
  s.implementations.push(impl);
  s.status = 'IMPLEMENTING';
  return impl;
}

/** A 接诉即办 task of this item ended (its child workflow completed or failed). */
export async function linkedRequestClosed(w: ConsultationWorkflow, link: LinkedRequestRecord, status: string): Promise<void> {
  const closedAt = w.now();
  // The event first: whoever sees the link closed (a query, the 100 % rule) finds it recorded.
  await w.record('LINKED_REQUEST_CLOSED', 'system', undefined, { requestId: link.requestId, status });
  link.closed = true;
  link.closedStatus = status;
  link.closedAt = closedAt;
  w.s.version++;
}

/** 评 opens when 办 reaches 100 %: residents and participants rate within 7 days. */
export async function openEvaluation(w: ConsultationWorkflow): Promise<void> {
  const { s, input, itemId } = w;
  const opensAt = w.now();
  const closesAt = await w.due(opensAt, CONSULTATION_LIMITS.EVALUATION);
  s.evaluations.push({ round: s.evaluations.length + 1, opensAt, closesAt, ratings: [], tally: null });
  s.status = 'EVALUATING';
  await w.record('EVALUATION_OPENED', 'system', undefined, { closesAt });
  await w.notify('EVALUATION_OPEN', input.communityCode, `议事协商 ${itemId} 已办结，请居民和参与方于 ${beijingTime(closesAt)} 前评议`, {
    closesAt,
  });
}

/** 评 closes: a failed evaluation reopens 办, otherwise the item is archived. */
export async function closeEvaluation(w: ConsultationWorkflow): Promise<void> {
  const { s, itemId } = w;
  const ev = currentEvaluation(s)!;
  ev.tally = tallyEvaluation(ev.ratings);
  if (ev.tally.passed === false) {
    await w.record('EVALUATION_FAILED', 'system', 'more than half not satisfied, or exactly half', { tally: ev.tally });
    const previous = currentImplementation(s)!;
    const impl = await startImplementation(w, previous.owner, 'system');
    await w.record('REOPENED', 'system', undefined, { cycle: impl.cycle, deadline: impl.deadline });
    await w.notify('IMPLEMENTATION_ASSIGNED', impl.owner.unitCode, `评议未通过: 议事协商 ${itemId} 重新办理，时限 ${beijingTime(impl.deadline)}`, {
      deadline: impl.deadline,
    });
    return;
  }
  await w.record(ev.tally.passed ? 'EVALUATION_PASSED' : 'NOT_EVALUATED', 'system', undefined, { tally: ev.tally });
  s.status = 'ARCHIVED';
  s.outcome = 'COMPLETED';
  await archive(w);
}
