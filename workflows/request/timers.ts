import { clockRunning } from '../request-state';
import type { RequestContext } from './context';
import { beijingTime } from '../../domain/time';
import type { DueStep } from '../shared/due-step';
import { REQUEST_LIMITS } from '../../domain/requests/limits';
import { nextRung, type SupervisionLevel } from '../shared/supervision-ladder';

/** Every timer-driven step: 督办 50/75/100 %, 通报, 签收 overdue, 回访 attempts, 督回访. */
export function createTimers(
  c: RequestContext,
  { finishUnrated, archive }: { finishUnrated: (why: string) => Promise<void>; archive: () => Promise<void> },
) {
  const { s, input, now, record, notify, slaWithCalendarWait, escalate } = c;

  // ---------------------------------------------------------------- timers
  /** The next timer-driven step, or null when only a message can move the request. */
  function nextTimer(): DueStep | null {
    if (s.status === 'RECHECK' && s.recheck) {
      const rc = s.recheck;
      if (!rc.taskSent) {
        return {
          at: rc.dueAt,
          summary: '督回访: 4-week re-check',
          fire: async () => {
            const [windowEndsAt] = await slaWithCalendarWait([{ kind: 'workdaysAfter', instant: now(), workdays: REQUEST_LIMITS.RECHECK_WINDOW_WORKDAYS }]);
            rc.taskSent = true;
            rc.windowEndsAt = windowEndsAt!;
            await record('RECHECK_TASK', 'system', undefined, { windowEndsAt });
            await notify('RECHECK_TASK', null, `工单 ${input.requestId} 办结4周复查回访`);
          },
        };
      }
      return {
        at: rc.windowEndsAt!,
        summary: '督回访 window closes',
        fire: async () => {
          await record('RECHECK_UNREACHED', 'system', 'window closed');
          await archive();
        },
      };
    }
    if (s.status === 'CALLBACK' && s.callback) {
      const cb = s.callback;
      const callbackTask = (attempt: number) => async () => {
        cb.taskSent = attempt;
        await record('CALLBACK_TASK', 'system', undefined, { attempt });
        await notify('CALLBACK_TASK', null, `工单 ${input.requestId} 待回访 (第${attempt}次)`, { attempt });
      };
      if (cb.taskSent === 0) return { at: cb.firstAttemptAt, summary: '回访: first attempt', fire: callbackTask(1) };
      // The attempts are spread over the window: with 3, the 2nd and 3rd are prompted at 1/3 and
      // 2/3 of it when the citizen has not been reached yet.
      const attempts = REQUEST_LIMITS.CALLBACK_ATTEMPTS;
      const next = cb.taskSent + 1;
      if (next <= attempts && cb.attempts < next) {
        const first = Date.parse(cb.firstAttemptAt);
        const at = new Date(first + ((Date.parse(cb.windowEndsAt) - first) * (next - 1)) / attempts).toISOString();
        return { at, summary: `回访: attempt ${next}`, fire: callbackTask(next) };
      }
      return { at: cb.windowEndsAt, summary: '回访 window closes', fire: () => finishUnrated('callback window closed') };
    }
    if (!clockRunning(s) || !s.schedule) return null;
    const sched = s.schedule;
    // 签收 overdue (24小时签收率).
    const signDue = s.status === 'DISPATCHED' && !s.signOverdueRecorded ? s.deadlines.sign : undefined;
    const signStep = signDue ? { at: signDue, summary: '签收 deadline', fire: () => signOverdue() } : null;
    const rung = nextRung(sched, s.supervisionLevel);
    const ladder = rung ? { at: rung.at, summary: rung.summary, fire: () => supervise(rung.level) } : null;
    if (signStep && (!ladder || Date.parse(signStep.at) < Date.parse(ladder.at))) return signStep;
    return ladder;
  }

  async function signOverdue() {
    s.signOverdueRecorded = true;
    await record('SIGN_OVERDUE', 'system', `not signed by ${beijingTime(s.deadlines.sign)}`, { unit: s.unit?.code });
    await notify('SIGN_OVERDUE', s.unit?.code ?? null, `工单 ${input.requestId} 未在 ${beijingTime(s.deadlines.sign)} 前签收，请立即签收`);
  }

  async function supervise(level: SupervisionLevel) {
    s.supervisionLevel = level;
    const unit = s.unit?.code ?? null;
    if (level === 1) {
      await record('REMINDER_50', 'system');
      await notify('REMINDER_50', unit, `工单 ${input.requestId} 已用去一半办理时限，截止 ${beijingTime(s.deadlines.resolve)}`);
    } else if (level === 2) {
      await record('URGE_75', 'system');
      await notify('URGE_75', unit, `催办: 工单 ${input.requestId} 将于 ${beijingTime(s.deadlines.resolve)} 到期`, { to: 'unitHead' });
    } else if (level === 3) {
      s.overdue = true;
      await record('OVERDUE', 'system', `deadline ${beijingTime(s.deadlines.resolve)} passed`);
      await notify('SUPERVISION_ORDER', unit, `督办单: 工单 ${input.requestId} 已超期`);
      await escalate('system', `超期未办结 (deadline ${beijingTime(s.deadlines.resolve)})`, 'ESCALATED');
    } else {
      await record('PUBLIC_NOTICE', 'system', 'overdue 5 working days without completion');
      await notify('PUBLIC_NOTICE', unit, `通报: 工单 ${input.requestId} 超期5个工作日未办结`);
    }
  }


  return { nextTimer };
}
