/** 办: owner, deadline and checkpoints of each cycle, and unit tasks handed to 接诉即办. */
import { beijingTime } from '../../../domain/shared/time';
import type { LinkedRequestRecord } from '../definitions';
import { currentImplementation } from '../state';
import { actorLabel as who } from '../../shared/update-failures';
import { ruleViolation } from '../failures';
import { startRequestWorkflow } from '../hand-over';
import { linkedRequestClosed, startImplementation } from '../steps';
import type { ConsultationActionHandlers } from './types';

export const implementationActions: ConsultationActionHandlers<'assign' | 'dispatchRequest'> = {
  assign: {
    check: (w, p) => {
      if (p.deadline && Date.parse(p.deadline) <= w.nowMs()) throw ruleViolation('the deadline must be in the future', 'deadlineInPast');
    },
    run: async (w, p, a) => {
      const ownerUnit = p.owner.unitCode ?? w.input.communityCode;
      if (p.owner.unitCode && !(await w.acts.findUnit(p.owner.unitCode))) {
        throw ruleViolation(`unknown unit ${p.owner.unitCode}`, 'unknownUnit');
      }
      const impl = await startImplementation(w, { label: p.owner.label, unitCode: ownerUnit }, who(a), p.deadline);
      await w.record('ASSIGNED', who(a), p.note, { owner: impl.owner, deadline: impl.deadline, volunteers: p.volunteers, cycle: impl.cycle });
      await w.notify('IMPLEMENTATION_ASSIGNED', ownerUnit, `议事协商 ${w.itemId} 交由 ${p.owner.label} 落实，时限 ${beijingTime(impl.deadline)}`, {
        deadline: impl.deadline,
      });
      await w.award(w.awardsFor(p.volunteers, 'VOLUNTEER'), '志愿参与落实');
    },
  },
  dispatchRequest: {
    check: (w, p) => {
      if (w.s.linkedRequests.some((l) => l.requestId === p.requestId)) {
        throw ruleViolation(`request ${p.requestId} is already linked`, 'requestId');
      }
    },
    run: async (w, p, a) => {
      const { s, itemId } = w;
      const info = await w.acts.linkedRequestInfo({ itemId, requestId: p.requestId });
      if (!info) throw ruleViolation(`request ${p.requestId} is not a task of this item`, 'requestId');
      const impl = currentImplementation(s)!;
      const child = await startRequestWorkflow(w, info, `接诉即办 · 社区议事协商 ${itemId} 落实任务`);
      const link: LinkedRequestRecord = {
        requestId: info.requestId,
        cycle: impl.cycle,
        categoryCode: info.categoryCode,
        locationUnitCode: info.locationUnitCode,
        dispatchedAt: w.now(),
        by: who(a),
        closed: false,
        closedStatus: null,
        closedAt: null,
      };
      s.linkedRequests.push(link);
      await w.record('REQUEST_DISPATCHED', who(a), undefined, {
        requestId: info.requestId,
        categoryCode: info.categoryCode,
        location: info.locationUnitCode,
      });
      // 办 waits for the request: its end is recorded (under the lock, like any step) when the
      // child workflow completes.
      if (child) {
        void child.result().then(
          (result) => w.lock.run('step', () => linkedRequestClosed(w, link, result.status)),
          (err) => w.lock.run('step', () => linkedRequestClosed(w, link, `FAILED: ${err instanceof Error ? err.message : String(err)}`)),
        );
      }
    },
  },
};
