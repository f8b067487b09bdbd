/** Every timer-driven step of a request: 督办 50/75/100 %, 通报, 签收 overdue, 回访 attempts, 督回访. */
import { REQUEST_LIMITS } from '../../domain/requests/limits';
import { beijingTime } from '../../domain/shared/time';
import { clockRunning } from './state';
import type { DueStep } from '../shared/due-step';
import { nextRung, type SupervisionLevel } from '../shared/supervision-ladder';
import { archive, finishUnrated } from './closing-steps';
import type { RequestWorkflow } from './workflow';

/** The next timer-driven step, or null when only a message can move the request. */
export function nextStep(w: RequestWorkflow): DueStep | null {
  const { s } = w;
  if (s.status === 'RECHECK' && s.recheck) return recheckStep(w);
  if (s.status === 'CALLBACK' && s.callback) return callbackStep(w);
  if (!clockRunning(s) || !s.schedule) return null;
  // 签收 overdue (24小时签收率) comes first when it is earlier than the next rung.
  const signDue = s.status === 'DISPATCHED' && !s.signOverdueRecorded ? s.deadlines.sign : undefined;
  const rung = nextRung(s.schedule, s.supervisionLevel);
  if (signDue && (!rung || Date.parse(signDue) < Date.parse(rung.at))) {
    return { at: signDue, summary: '签收 deadline', fire: () => signOverdue(w) };
  }
  return rung ? { at: rung.at, summary: rung.summary, fire: () => supervise(w, rung.level) } : null;
}

function recheckStep(w: RequestWorkflow): DueStep {
  const rc = w.s.recheck!;
  if (!rc.taskSent) {
    return {
      at: rc.dueAt,
      summary: '督回访: 4-week re-check',
      fire: async () => {
        const [windowEndsAt] = await w.sla([{ kind: 'workdaysAfter', instant: w.now(), workdays: REQUEST_LIMITS.RECHECK_WINDOW_WORKDAYS }]);
        rc.taskSent = true;
        rc.windowEndsAt = windowEndsAt!;
        await w.record('RECHECK_TASK', 'system', undefined, { windowEndsAt });
        await w.notify('RECHECK_TASK', null, `工单 ${w.input.requestId} 办结4周复查回访`);
      },
    };
  }
  return {
    at: rc.windowEndsAt!,
    summary: '督回访 window closes',
    fire: async () => {
      await w.record('RECHECK_UNREACHED', 'system', 'window closed');
      await archive(w);
    },
  };
}

function callbackStep(w: RequestWorkflow): DueStep {
  const cb = w.s.callback!;
  const callbackTask = (attempt: number) => async () => {
    cb.taskSent = attempt;
    await w.record('CALLBACK_TASK', 'system', undefined, { attempt });
    await w.notify('CALLBACK_TASK', null, `工单 ${w.input.requestId} 待回访 (第${attempt}次)`, { attempt });
  };
  if (cb.taskSent === 0) return { at: cb.firstAttemptAt, summary: '回访: first attempt', fire: callbackTask(1) };
  // The attempts are spread over the window: with 3, the 2nd and 3rd are prompted at 1/3 and 2/3
  // of it when the citizen has not been reached yet.
  const attempts = REQUEST_LIMITS.CALLBACK_ATTEMPTS;
  const next = cb.taskSent + 1;
  if (next <= attempts && cb.attempts < next) {
    const first = Date.parse(cb.firstAttemptAt);
    const at = new Date(first + ((Date.parse(cb.windowEndsAt) - first) * (next - 1)) / attempts).toISOString();
    return { at, summary: `回访: attempt ${next}`, fire: callbackTask(next) };
  }
  return { at: cb.windowEndsAt, summary: '回访 window closes', fire: () => finishUnrated(w, 'callback window closed') };
}

async function signOverdue(w: RequestWorkflow): Promise<void> {
  const { s } = w;
  s.signOverdueRecorded = true;
  await w.record('SIGN_OVERDUE', 'system', `not signed by ${beijingTime(s.deadlines.sign)}`, { unit: s.unit?.code });
  await w.notify('SIGN_OVERDUE', s.unit?.code ?? null, `工单 ${w.input.requestId} 未在 ${beijingTime(s.deadlines.sign)} 前签收，请立即签收`);
}

/** One rung of the 督办 ladder on the request's 办结 deadline. */
async function supervise(w: RequestWorkflow, level: SupervisionLevel): Promise<void> {
  const { s, input } = w;
  s.supervisionLevel = level;
  const unit = s.unit?.code ?? null;
  const deadline = beijingTime(s.deadlines.resolve);
  switch (level) {
    case 1:
      await w.record('REMINDER_50', 'system');
      await w.notify('REMINDER_50', unit, `工单 ${input.requestId} 已用去一半办理时限，截止 ${deadline}`);
      return;
    case 2:
      await w.record('URGE_75', 'system');
      await w.notify('URGE_75', unit, `催办: 工单 ${input.requestId} 将于 ${deadline} 到期`, { to: 'unitHead' });
      return;
    case 3:
      s.overdue = true;
      await w.record('OVERDUE', 'system', `deadline ${deadline} passed`);
      await w.notify('SUPERVISION_ORDER', unit, `督办单: 工单 ${input.requestId} 已超期`);
      await w.escalate('system', `超期未办结 (deadline ${deadline})`, 'ESCALATED');
      return;
    case 4:
      await w.record('PUBLIC_NOTICE', 'system', 'overdue 5 working days without completion');
      await w.notify('PUBLIC_NOTICE', unit, `通报: 工单 ${input.requestId} 超期5个工作日未办结`);
  }
}
