/** 退单 and its decision, manual 派单, and 吹哨报到 (one child workflow per department). */
import * as wf from '@temporalio/workflow';
import type { UnitRef } from '../../../domain/shared/org';
import { REQUEST_LIMITS } from '../../../domain/requests/limits';
import * as defs from '../definitions';
import { departmentReportWorkflow } from '../report-workflow';
import { actorLabel as who } from '../../shared/update-failures';
import { ruleViolation } from '../failures';
import type { RequestWorkflow } from '../workflow';
import type { RequestActionHandlers } from './types';

export const routingActions: RequestActionHandlers<'return' | 'decideReturn' | 'dispatch' | 'whistle' | 'report'> = {
  return: {
    check: (w) => {
      const closes = w.s.deadlines.returnWindowEnds;
      if (closes && w.nowMs() > Date.parse(closes)) throw ruleViolation(`the return window closed at ${closes}`, 'returnWindow');
    },
    run: async (w, p, a) => {
      const { s } = w;
      s.pendingReturn = { reason: p.reason, basis: p.basis, fromUnit: s.unit?.code ?? '', by: who(a) };
      s.previousStatus = s.status;
      s.status = 'RETURN_REQUESTED';
      await w.record('RETURN_REQUESTED', who(a), p.reason, { basis: p.basis, unit: s.unit?.code });
    },
  },
  decideReturn: {
    check: (w, p) => {
      if (p.approve && !p.redispatchTo) throw ruleViolation('approving a return needs redispatchTo', 'redispatchTo');
      if (p.approve && p.redispatchTo === w.s.pendingReturn?.fromUnit) {
        throw ruleViolation('cannot re-dispatch to the unit that returned the ticket', 'redispatchTo');
      }
    },
    run: async (w, p, a) => {
      const { s } = w;
      const pending = s.pendingReturn!;
      s.pendingReturn = null;
      if (!p.approve) {
        s.status = s.previousStatus ?? 'DISPATCHED';
        await w.record('RETURN_REJECTED', who(a), p.reason);
        return;
      }
      const target = await w.acts.findUnit(p.redispatchTo!);
      if (!target) {
        s.pendingReturn = pending;
        throw ruleViolation(`unknown unit ${p.redispatchTo}`, 'redispatchTo');
      }
      s.returnsByUnit[pending.fromUnit] = (s.returnsByUnit[pending.fromUnit] ?? 0) + 1;
      await w.record('RETURN_APPROVED', who(a), p.reason, { fromUnit: pending.fromUnit, toUnit: target.code });
      // The citizen's completion deadline is not restarted: only the new unit's sign clock is.
      await w.dispatchTo(target, who(a), 'REDISPATCHED', p.reason);
    },
  },
  dispatch: {
    run: async (w, p, a) => {
      const unit = await w.acts.findUnit(p.unitCode);
      if (!unit) throw ruleViolation(`unknown unit ${p.unitCode}`, 'unitCode');
      if (w.s.status === 'TRIAGED' && !w.s.schedule) await w.refreshSchedule();
      await w.dispatchTo(unit, who(a), 'DISPATCHED', p.reason);
    },
  },
  whistle: {
    check: (w, p) => {
      const duplicated = p.departments.filter((d) => w.s.pendingReports.includes(d));
      if (duplicated.length) throw ruleViolation(`already waiting for ${duplicated.join(', ')}`, 'departments');
    },
    run: async (w, p, a) => {
      const { s, input } = w;
      const departments: UnitRef[] = [];
      for (const code of p.departments) {
        const unit = await w.acts.findUnit(code);
        if (!unit || unit.tier !== 'DEPARTMENT') throw ruleViolation(`${code} is not a department`, 'departments');
        departments.push(unit);
      }
      const [dueAt] = await w.sla([{ kind: 'due', start: w.now(), limit: p.reportWithin ?? REQUEST_LIMITS.WHISTLE_REPORT_WITHIN }]);
      s.whistleRound++;
      const round = s.whistleRound;
      s.pendingReports.push(...departments.map((d) => d.code));
      await w.record('WHISTLED_DEPARTMENTS', who(a), p.reason, { departments: p.departments, dueAt, round });
      for (const department of departments) {
        const child = await wf.startChild(departmentReportWorkflow, {
          workflowId: defs.reportWorkflowId(input.requestId, department.code, round),
          args: [{ requestId: input.requestId, department, reason: p.reason, dueAt: dueAt!, whistledBy: who(a) }],
          // A withdrawn request stops waiting for its departments.
          parentClosePolicy: 'REQUEST_CANCEL',
          staticSummary: `报到 · ${department.name} · 工单 ${input.requestId}`,
        });
        // The parent waits for every report; each arrival is recorded as it comes.
        void child.result().then(
          (result) => onReported(w, result),
          (err) => onReportFailed(w, department.code, err),
        );
      }
    },
  },
  report: {
    check: (w, p, a) => {
      if (!w.s.pendingReports.includes(p.department)) {
        throw ruleViolation(`${p.department} was not whistled or has already reported`, 'department');
      }
      if (a.unitCode !== p.department) throw ruleViolation('only the department itself can report', 'department');
    },
    run: async (w, p, a) => {
      await wf
        .getExternalWorkflowHandle(defs.reportWorkflowId(w.input.requestId, p.department, w.s.whistleRound))
        .signal(defs.reportedSignal, { note: p.note, by: who(a) });
      // The child completes on the signal; wait for its result to be recorded so the caller
      // sees the request without that department pending.
      await wf.condition(() => !w.s.pendingReports.includes(p.department));
    },
  },
};

// Recorded before the department leaves the pending list, so whoever waits on the list
// (the report update, the resolve rule) sees the event in the timeline too.
async function onReported(w: RequestWorkflow, result: defs.ReportResult): Promise<void> {
  await w.record('DEPARTMENT_REPORTED', result.by, result.note, { department: result.department, onTime: result.onTime });
  await w.flush();
  w.s.pendingReports = w.s.pendingReports.filter((d) => d !== result.department);
}

async function onReportFailed(w: RequestWorkflow, department: string, err: unknown): Promise<void> {
  await w.record('DEPARTMENT_REPORT_ENDED', 'system', err instanceof Error ? err.message : String(err), { department });
  await w.flush();
  w.s.pendingReports = w.s.pendingReports.filter((d) => d !== department);
}
