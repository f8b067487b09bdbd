import * as schemas from '../../domain/requests/actions';
import type { TimeLimit } from '../../domain/sla';
import * as defs from '../definitions';
import type { SlaSpec } from '../definitions';
import { limitOf } from '../request-state';
import type { RequestContext } from './context';
import { ruleViolation } from './failures';
import { REQUEST_LIMITS } from '../../domain/requests/limits';

/** 延期 (request, decision), supervisor deadline override, SLA pause (request, decision) and resume. */
export function registerDeadlineActions(c: RequestContext): void {
  const { s, input, now, nowMs, who, record, notify, slaWithCalendarWait, refreshSchedule, action } = c;

  action(
    defs.requestExtensionUpdate,
    'requestExtension',
    schemas.requestExtensionSchema,
    async (p, a) => {
      s.pendingExtension = { amount: p.amount, unit: p.unit, reason: p.reason, by: who(a) };
      await record('EXTENSION_REQUESTED', who(a), p.reason, { amount: p.amount, unit: p.unit });
    },
    (p) => {
      const cap = limitOf(s, 'EXTENSION_MAX');
      if (!cap) throw ruleViolation(`extensions are not allowed for ${input.urgency} requests`, 'extensionNotAllowed');
      if (s.pendingExtension) throw ruleViolation('an extension request is already pending', 'extensionPending');
      if (s.extensionsApproved >= REQUEST_LIMITS.MAX_EXTENSIONS) {
        throw ruleViolation(`at most ${REQUEST_LIMITS.MAX_EXTENSIONS} extension may be approved`, 'extensionLimit');
      }
      if (s.deadlines.resolve && nowMs() >= Date.parse(s.deadlines.resolve)) {
        throw ruleViolation(`extensions must be requested before the deadline ${s.deadlines.resolve}`, 'extensionAfterDeadline');
      }
      if (p.unit !== cap.unit) throw ruleViolation(`express the extension in ${cap.unit}s`, 'extensionUnit');
      if (p.amount > cap.amount) throw ruleViolation(`at most ${cap.amount} ${cap.unit}s`, 'extensionCap');
    },
  );

  action(
    defs.decideExtensionUpdate,
    'decideExtension',
    schemas.decideExtensionSchema,
    async (p, a) => {
      const pending = s.pendingExtension!;
      s.pendingExtension = null;
      if (!p.approve) {
        await record('EXTENSION_REJECTED', who(a), p.reason);
        await notify('EXTENSION_DECIDED', s.unit?.code ?? null, `延期申请未获批准: ${p.reason}`);
        return;
      }
      const limit: TimeLimit = { amount: pending.amount, unit: pending.unit };
      const [next] = await slaWithCalendarWait([extensionSpec(s.deadlines.resolve!, limit, input.receivedAt)]);
      s.extensionsApproved++;
      s.resolveOverride = next ?? s.resolveOverride;
      await refreshSchedule();
      await record('EXTENSION_APPROVED', who(a), p.reason, { amount: limit.amount, unit: limit.unit, deadline: next });
      await notify('EXTENSION_DECIDED', s.unit?.code ?? null, `延期已批准，新的办结时限 ${next}`);
    },
    () => {
      if (!s.pendingExtension) throw ruleViolation('no extension request is pending', 'noPendingExtension');
    },
  );

  action(defs.overrideDeadlineUpdate, 'overrideDeadline', schemas.overrideDeadlineSchema, async (p, a) => {
    const requested = new Date(p.deadline).toISOString();
    // Business refusals are recorded for auditors (a validator's rejection leaves no history).
    if (Date.parse(requested) <= nowMs()) {
      await record('DEADLINE_OVERRIDE_REJECTED', who(a), p.reason, { requested, why: 'deadline is not in the future' });
      throw ruleViolation('the new deadline must be in the future', 'deadlineInPast');
    }
    const previous = s.deadlines.resolve;
    s.resolveOverride = requested;
    // Reminders restart against the new deadline; a breach already recorded stays recorded.
    s.supervisionLevel = 0;
    await refreshSchedule();
    await record('DEADLINE_OVERRIDDEN', who(a), p.reason, { previous, deadline: requested });
  });

  action(
    defs.pauseUpdate,
    'pause',
    schemas.pauseSchema,
    async (p, a) => {
      s.pendingPause = { reason: p.reason, by: who(a) };
      await record('PAUSE_REQUESTED', who(a), p.reason);
    },
    () => {
      if (s.pendingPause) throw ruleViolation('a pause request is already pending', 'pausePending');
    },
  );

  action(
    defs.decidePauseUpdate,
    'decidePause',
    schemas.decidePauseSchema,
    async (p, a) => {
      const pending = s.pendingPause!;
      s.pendingPause = null;
      if (!p.approve) {
        await record('PAUSE_REJECTED', who(a), p.reason);
        return;
      }
      s.previousStatus = s.status;
      s.status = 'SUSPENDED';
      s.pauses.push({ from: now() });
      s.version++;
      await record('PAUSED', who(a), pending.reason, { approvedReason: p.reason });
    },
    () => {
      if (!s.pendingPause) throw ruleViolation('no pause request is pending', 'noPendingPause');
    },
  );

  action(defs.resumeUpdate, 'resume', schemas.resumeSchema, async (p, a) => {
    const open = s.pauses[s.pauses.length - 1];
    if (open && !open.to) {
      open.to = now();
      // An explicit deadline moves by the paused time too: business time stood still.
      if (s.resolveOverride) {
        const pausedMs = Date.parse(open.to) - Date.parse(open.from);
        s.resolveOverride = new Date(Date.parse(s.resolveOverride) + pausedMs).toISOString();
      }
    }
    s.status = s.previousStatus ?? 'IN_PROGRESS';
    await refreshSchedule();
    await record('RESUMED', who(a), p.note, { deadline: s.deadlines.resolve });
  });

}

/**
 * 延期 by N working days: 24:00 of the N-th working day after the current deadline's day; by N
 * hours: the deadline plus N hours. Counted in the request's own timeline (origin = received):
 * under time compression the current deadline then maps back to the day the calendar gave it,
 * so the result never depends on the hour of the approval.
 */
export function extensionSpec(deadline: string, limit: TimeLimit, receivedAt: string): SlaSpec {
  if (limit.unit === 'hour') return { kind: 'due', start: deadline, limit, origin: receivedAt };
  return { kind: 'workdaysAfter', instant: deadline, workdays: limit.amount, origin: receivedAt };
}
