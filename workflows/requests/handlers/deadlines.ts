/** 延期 (request, decision), supervisor deadline override, SLA pause (request, decision) and resume. */
import { REQUEST_LIMITS } from '../../../domain/requests/limits';
import type { TimeLimit } from '../../../domain/shared/sla';
import type { SlaSpec } from '../../shared/definitions';
import { limitOf } from '../state';
import { actorLabel as who } from '../../shared/update-failures';
import { ruleViolation } from '../failures';
import type { RequestActionHandlers } from './types';

export const deadlineActions: RequestActionHandlers<
  'requestExtension' | 'decideExtension' | 'overrideDeadline' | 'pause' | 'decidePause' | 'resume'
> = {
  requestExtension: {
    check: (w, p) => {
      const { s } = w;
      const cap = limitOf(s, 'EXTENSION_MAX');
      if (!cap) throw ruleViolation(`extensions are not allowed for ${w.input.urgency} requests`, 'extensionNotAllowed');
      if (s.pendingExtension) throw ruleViolation('an extension request is already pending', 'extensionPending');
      if (s.extensionsApproved >= REQUEST_LIMITS.MAX_EXTENSIONS) {
        throw ruleViolation(`at most ${REQUEST_LIMITS.MAX_EXTENSIONS} extension may be approved`, 'extensionLimit');
      }
      if (s.deadlines.resolve && w.nowMs() >= Date.parse(s.deadlines.resolve)) {
        throw ruleViolation(`extensions must be requested before the deadline ${s.deadlines.resolve}`, 'extensionAfterDeadline');
      }
      if (p.unit !== cap.unit) throw ruleViolation(`express the extension in ${cap.unit}s`, 'extensionUnit');
      if (p.amount > cap.amount) throw ruleViolation(`at most ${cap.amount} ${cap.unit}s`, 'extensionCap');
    },
    run: async (w, p, a) => {
      w.s.pendingExtension = { amount: p.amount, unit: p.unit, reason: p.reason, by: who(a) };
      await w.record('EXTENSION_REQUESTED', who(a), p.reason, { amount: p.amount, unit: p.unit });
    },
  },
  decideExtension: {
    check: (w) => {
      if (!w.s.pendingExtension) throw ruleViolation('no extension request is pending', 'noPendingExtension');
    },
    run: async (w, p, a) => {
      const { s } = w;
      const pending = s.pendingExtension!;
      s.pendingExtension = null;
      if (!p.approve) {
        await w.record('EXTENSION_REJECTED', who(a), p.reason);
        await w.notify('EXTENSION_DECIDED', s.unit?.code ?? null, `延期申请未获批准: ${p.reason}`);
        return;
      }
      const limit: TimeLimit = { amount: pending.amount, unit: pending.unit };
      const [next] = await w.sla([extensionSpec(s.deadlines.resolve!, limit, w.input.receivedAt)]);
      s.extensionsApproved++;
      s.resolveOverride = next ?? s.resolveOverride;
      await w.refreshSchedule();
      await w.record('EXTENSION_APPROVED', who(a), p.reason, { amount: limit.amount, unit: limit.unit, deadline: next });
      await w.notify('EXTENSION_DECIDED', s.unit?.code ?? null, `延期已批准，新的办结时限 ${next}`);
    },
  },
  overrideDeadline: {
    run: async (w, p, a) => {
      const { s } = w;
      const requested = new Date(p.deadline).toISOString();
      // Business refusals are recorded for auditors (a validator's rejection leaves no history).
      if (Date.parse(requested) <= w.nowMs()) {
        await w.record('DEADLINE_OVERRIDE_REJECTED', who(a), p.reason, { requested, why: 'deadline is not in the future' });
        throw ruleViolation('the new deadline must be in the future', 'deadlineInPast');
      }
      const previous = s.deadlines.resolve;
      s.resolveOverride = requested;
      // Reminders restart against the new deadline; a breach already recorded stays recorded.
      s.supervisionLevel = 0;
      await w.refreshSchedule();
      await w.record('DEADLINE_OVERRIDDEN', who(a), p.reason, { previous, deadline: requested });
    },
  },
  pause: {
    check: (w) => {
      if (w.s.pendingPause) throw ruleViolation('a pause request is already pending', 'pausePending');
    },
    run: async (w, p, a) => {
      w.s.pendingPause = { reason: p.reason, by: who(a) };
      await w.record('PAUSE_REQUESTED', who(a), p.reason);
    },
  },
  decidePause: {
    check: (w) => {
      if (!w.s.pendingPause) throw ruleViolation('no pause request is pending', 'noPendingPause');
    },
    run: async (w, p, a) => {
      const { s } = w;
      const pending = s.pendingPause!;
      s.pendingPause = null;
      if (!p.approve) {
        await w.record('PAUSE_REJECTED', who(a), p.reason);
        return;
      }
      s.previousStatus = s.status;
      s.status = 'SUSPENDED';
      s.pauses.push({ from: w.now() });
      s.version++;
      await w.record('PAUSED', who(a), pending.reason, { approvedReason: p.reason });
    },
  },
  resume: {
    run: async (w, p, a) => {
      const { s } = w;
      const open = s.pauses[s.pauses.length - 1];
      if (open && !open.to) {
        open.to = w.now();
        // An explicit deadline moves by the paused time too: business time stood still.
        if (s.resolveOverride) {
          const pausedMs = Date.parse(open.to) - Date.parse(open.from);
          s.resolveOverride = new Date(Date.parse(s.resolveOverride) + pausedMs).toISOString();
        }
      }
      s.status = s.previousStatus ?? 'IN_PROGRESS';
      await w.refreshSchedule();
      await w.record('RESUMED', who(a), p.note, { deadline: s.deadlines.resolve });
    },
  },
};

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
