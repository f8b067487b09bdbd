import * as wf from '@temporalio/workflow';
import * as schemas from '../../domain/requests/actions';
import type { UnitRef } from '../../domain/org';
import * as defs from '../definitions';
import { departmentReportWorkflow } from '../report-workflow';
import type { RequestContext } from './context';
import { ruleViolation } from './failures';
import { REQUEST_LIMITS } from '../../domain/requests/limits';

/** 退单 and its decision, manual 派单, and 吹哨报到 (one child workflow per department). */
export function registerRoutingActions(c: RequestContext): void {
  const { s, input, acts, now, nowMs, who, record, slaWithCalendarWait, refreshSchedule, dispatchTo, action } = c;

  action(
    defs.returnUpdate,
    'return',
    schemas.returnSchema,
    async (p, a) => {
      s.pendingReturn = { reason: p.reason, basis: p.basis, fromUnit: s.unit?.code ?? '', by: who(a) };
      s.previousStatus = s.status;
      s.status = 'RETURN_REQUESTED';
      await record('RETURN_REQUESTED', who(a), p.reason, { basis: p.basis, unit: s.unit?.code });
    },
    () => {
      if (s.deadlines.returnWindowEnds && nowMs() > Date.parse(s.deadlines.returnWindowEnds)) {
        throw ruleViolation(`the return window closed at ${s.deadlines.returnWindowEnds}`, 'returnWindow');
      }
    },
  );

  action(
    defs.decideReturnUpdate,
    'decideReturn',
    schemas.decideReturnSchema,
    async (p, a) => {
      const pending = s.pendingReturn!;
      s.pendingReturn = null;
      if (!p.approve) {
        s.status = s.previousStatus ?? 'DISPATCHED';
        await record('RETURN_REJECTED', who(a), p.reason);
        return;
      }
      const target = await acts.findUnit(p.redispatchTo!);
      if (!target) {
        s.pendingReturn = pending;
        throw ruleViolation(`unknown unit ${p.redispatchTo}`, 'redispatchTo');
      }
      s.returnsByUnit[pending.fromUnit] = (s.returnsByUnit[pending.fromUnit] ?? 0) + 1;
      await record('RETURN_APPROVED', who(a), p.reason, { fromUnit: pending.fromUnit, toUnit: target.code });
      // The citizen's completion deadline is not restarted: only the new unit's sign clock is.
      await dispatchTo(target, who(a), 'REDISPATCHED', p.reason);
    },
    (p) => {
      if (p.approve && !p.redispatchTo) throw ruleViolation('approving a return needs redispatchTo', 'redispatchTo');
      if (p.approve && p.redispatchTo === s.pendingReturn?.fromUnit) {
        throw ruleViolation('cannot re-dispatch to the unit that returned the ticket', 'redispatchTo');
      }
    },
  );

  action(defs.dispatchUpdate, 'dispatch', schemas.dispatchSchema, async (p, a) => {
    const unit = await acts.findUnit(p.unitCode);
    if (!unit) throw ruleViolation(`unknown unit ${p.unitCode}`, 'unitCode');
    if (s.status === 'TRIAGED' && !s.schedule) await refreshSchedule();
    await dispatchTo(unit, who(a), 'DISPATCHED', p.reason);
  });

  // ---------------------------------------------------------------- 吹哨报到
  action(
    defs.whistleUpdate,
    'whistle',
    schemas.whistleSchema,
    async (p, a) => {
      const departments: UnitRef[] = [];
      for (const code of p.departments) {
        const unit = await acts.findUnit(code);
        if (!unit || unit.tier !== 'DEPARTMENT') throw ruleViolation(`${code} is not a department`, 'departments');
        departments.push(unit);
      }
      const [dueAt] = await slaWithCalendarWait([
        { kind: 'due', start: now(), limit: p.reportWithin ?? REQUEST_LIMITS.WHISTLE_REPORT_WITHIN },
      ]);
      s.whistleRound++;
      const round = s.whistleRound;
      s.pendingReports.push(...departments.map((d) => d.code));
      await record('WHISTLED_DEPARTMENTS', who(a), p.reason, { departments: p.departments, dueAt, round });
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
          (result) => onReported(result),
          (err) => onReportFailed(department.code, err),
        );
      }
    },
    (p) => {
      const duplicated = p.departments.filter((d) => s.pendingReports.includes(d));
      if (duplicated.length) throw ruleViolation(`already waiting for ${duplicated.join(', ')}`, 'departments');
    },
  );

  // Recorded before the department leaves the pending list, so whoever waits on the list
  // (the report update, the resolve rule) sees the event in the timeline too.
  async function onReported(result: defs.ReportResult) {
    await record('DEPARTMENT_REPORTED', result.by, result.note, { department: result.department, onTime: result.onTime });
    s.pendingReports = s.pendingReports.filter((d) => d !== result.department);
  }

  async function onReportFailed(department: string, err: unknown) {
    await record('DEPARTMENT_REPORT_ENDED', 'system', err instanceof Error ? err.message : String(err), { department });
    s.pendingReports = s.pendingReports.filter((d) => d !== department);
  }

  action(
    defs.reportUpdate,
    'report',
    schemas.reportSchema,
    async (p, a) => {
      const round = s.whistleRound;
      await wf
        .getExternalWorkflowHandle(defs.reportWorkflowId(input.requestId, p.department, round))
        .signal(defs.reportedSignal, { note: p.note, by: who(a) });
      // The child completes on the signal; wait for its result to be recorded so the caller
      // sees the request without that department pending.
      await wf.condition(() => !s.pendingReports.includes(p.department));
    },
    (p, a) => {
      if (!s.pendingReports.includes(p.department)) {
        throw ruleViolation(`${p.department} was not whistled or has already reported`, 'department');
      }
      if (a.unitCode !== p.department) throw ruleViolation('only the department itself can report', 'department');
    },
  );

}
