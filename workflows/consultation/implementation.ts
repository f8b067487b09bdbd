import { CONSULTATION_LIMITS } from '../../domain/consultation-model';
import * as schemas from '../../domain/consultations/actions';
import * as cdefs from '../consultation-definitions';
import type { ImplementationRecord, LinkedRequestRecord } from '../consultation-definitions';
import { currentImplementation } from '../consultation-state';
import type { ConsultationContext } from './context';
import { ruleViolation } from './failures';
import type { HandOver } from './hand-over';
import { beijingTime } from '../../domain/time';
import { ladderSpecs, ladderToFixedDeadline, noticeSpec } from '../shared/supervision-ladder';

/** 办: owner, deadline and checkpoints of each cycle, and unit tasks handed to 接诉即办. */
export function registerImplementation(
  c: ConsultationContext,
  { startRequestWorkflow }: { startRequestWorkflow: HandOver['startRequestWorkflow'] },
) {
  const { s, input, itemId, acts, now, nowMs, sla, who, record, notify, award, awardsFor, action } = c;

  // ---------------------------------------------------------------- 办: owner, deadline, reminders
  action(
    cdefs.assignUpdate,
    'assign',
    schemas.assignSchema,
    async (p, a) => {
      const ownerUnit = p.owner.unitCode ?? input.communityCode;
      if (p.owner.unitCode && !(await acts.findUnit(p.owner.unitCode))) {
        throw ruleViolation(`unknown unit ${p.owner.unitCode}`, 'unknownUnit');
      }
      const impl = await startImplementation({ label: p.owner.label, unitCode: ownerUnit }, who(a), p.deadline);
      await record('ASSIGNED', who(a), p.note, {
        owner: impl.owner,
        deadline: impl.deadline,
        volunteers: p.volunteers,
        cycle: impl.cycle,
      });
      await notify('IMPLEMENTATION_ASSIGNED', ownerUnit, `议事协商 ${itemId} 交由 ${p.owner.label} 落实，时限 ${beijingTime(impl.deadline)}`, {
        deadline: impl.deadline,
      });
      await award(awardsFor(p.volunteers, 'VOLUNTEER'), '志愿参与落实');
    },
    (p) => {
      if (p.deadline && Date.parse(p.deadline) <= nowMs()) throw ruleViolation('the deadline must be in the future', 'deadlineInPast');
    },
  );

  /** Opens a 办 cycle: deadline (given, or 30 days) and the 50/75/100 % and 通报 checkpoints. */
  async function startImplementation(
    owner: { label: string; unitCode: string },
    by: string,
    deadline?: string,
  ): Promise<ImplementationRecord> {
    const assignedAt = now();
    let half: string, threeQuarters: string, dueAt: string;
    if (deadline) {
      // A deadline set by the convener: the reminders keep their 50/75 % positions on its span.
      const fixed = ladderToFixedDeadline(assignedAt, new Date(deadline).toISOString());
      [half, threeQuarters, dueAt] = [fixed.half, fixed.threeQuarters, fixed.due];
    } else {
      // sla() answers one instant per spec (a gap in the calendar waits for data, never null).
      const [h, q, d] = await sla(ladderSpecs(assignedAt, CONSULTATION_LIMITS.IMPLEMENTATION));
      [half, threeQuarters, dueAt] = [h!, q!, d!];
    }
    const [notice] = await sla([noticeSpec(dueAt, assignedAt)]);
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

  // ---------------------------------------------------------------- 办 → 接诉即办: unit tasks
  action(
    cdefs.dispatchRequestUpdate,
    'dispatchRequest',
    schemas.dispatchRequestSchema,
    async (p, a) => {
      const info = await acts.linkedRequestInfo({ itemId, requestId: p.requestId });
      if (!info) throw ruleViolation(`request ${p.requestId} is not a task of this item`, 'requestId');
      const impl = currentImplementation(s)!;
      const child = await startRequestWorkflow(info, `接诉即办 · 社区议事协商 ${itemId} 落实任务`);
      const link: LinkedRequestRecord = {
        requestId: info.requestId,
        cycle: impl.cycle,
        categoryCode: info.categoryCode,
        locationUnitCode: info.locationUnitCode,
        dispatchedAt: now(),
        by: who(a),
        closed: false,
        closedStatus: null,
        closedAt: null,
      };
      s.linkedRequests.push(link);
      await record('REQUEST_DISPATCHED', who(a), undefined, {
        requestId: info.requestId,
        categoryCode: info.categoryCode,
        location: info.locationUnitCode,
      });
      // 办 waits for the request: its end is recorded when the child workflow completes.
      if (child) {
        void child.result().then(
          (result) => linkedRequestClosed(link, result.status),
          (err) => linkedRequestClosed(link, `FAILED: ${err instanceof Error ? err.message : String(err)}`),
        );
      }
    },
    (p) => {
      if (s.linkedRequests.some((l) => l.requestId === p.requestId)) {
        throw ruleViolation(`request ${p.requestId} is already linked`, 'requestId');
      }
    },
  );

  async function linkedRequestClosed(link: LinkedRequestRecord, status: string) {
    link.closed = true;
    link.closedStatus = status;
    link.closedAt = now();
    await record('LINKED_REQUEST_CLOSED', 'system', undefined, { requestId: link.requestId, status });
  }

  return { startImplementation };
}
