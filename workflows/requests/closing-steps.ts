/** The end of a request: 回访, 重办, 督回访 and 归档, reached from handlers and timer steps alike. */
import { REQUEST_LIMITS } from '../../domain/requests/limits';
import type { RequestWorkflow } from './workflow';

/** Deterministic sampling for the 4-week re-check: a stable hash of the request id. */
function sampleForRecheck(requestId: string, percent: number): boolean {
  let hash = 0;
  for (const ch of requestId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % 100 < percent;
}

/** After 审核: the citizen is called back from the next working day, within the window. */
export async function startCallback(w: RequestWorkflow): Promise<void> {
  const reviewedAt = w.now();
  const [firstAttemptAt, windowEndsAt] = await w.sla([
    { kind: 'nextWorkdayStart', instant: reviewedAt },
    { kind: 'workdaysAfter', instant: reviewedAt, workdays: REQUEST_LIMITS.CALLBACK_WINDOW_WORKDAYS },
  ]);
  w.s.callback = { firstAttemptAt: firstAttemptAt!, windowEndsAt: windowEndsAt!, attempts: 0, taskSent: 0 };
  w.s.status = 'CALLBACK';
  await w.record('CALLBACK_SCHEDULED', 'system', undefined, { firstAttemptAt, windowEndsAt });
}

/** The citizen was never reached: closed without a rating. */
export async function finishUnrated(w: RequestWorkflow, why: string): Promise<void> {
  w.s.status = 'RATED';
  await w.record('NOT_EVALUATED', 'system', why);
  await archive(w);
}

/** 重办 after an unresolved or 不满意 answer, or the 专班 once the cycles are used up. */
export async function reopenOrFlag(w: RequestWorkflow, actor: string): Promise<void> {
  const { s } = w;
  if (s.cycle >= REQUEST_LIMITS.MAX_REOPEN_CYCLES) {
    s.flaggedForTaskForce = true;
    await w.record('TASK_FORCE_FLAGGED', actor, `${REQUEST_LIMITS.MAX_REOPEN_CYCLES} reopen cycles used; handed to 专班`);
    await closeOrRecheck(w);
    return;
  }
  s.cycle++;
  s.cycleStartedAt = w.now();
  s.status = 'IN_PROGRESS';
  s.supervisionLevel = 0;
  s.overdue = false;
  s.resolved = null;
  s.satisfaction = null;
  s.callback = null;
  s.schedule = null;
  s.resolveOverride = null;
  s.pauses = [];
  s.deadlines.resolve = undefined;
  await w.refreshSchedule();
  await w.record('REOPENED', actor, undefined, { cycle: s.cycle, deadline: s.deadlines.resolve });
}

/** Closing: sampled or disputed requests get a re-check 4 weeks later (督回访), the rest archive. */
export async function closeOrRecheck(w: RequestWorkflow): Promise<void> {
  const { s, input } = w;
  const sampled = sampleForRecheck(input.requestId, input.recheckSamplePercent ?? REQUEST_LIMITS.RECHECK_SAMPLE_PERCENT);
  const disputed = s.flaggedForTaskForce || s.satisfaction === '不满意' || s.resolved === false;
  if (!(sampled || disputed)) return archive(w);
  const [dueAt] = await w.sla([{ kind: 'due', start: w.now(), limit: REQUEST_LIMITS.RECHECK_AFTER }]);
  s.recheck = { dueAt: dueAt!, windowEndsAt: null, taskSent: false };
  s.status = 'RECHECK';
  await w.record('RECHECK_SCHEDULED', 'system', sampled ? 'sampled' : 'disputed', { dueAt });
}

export async function archive(w: RequestWorkflow): Promise<void> {
  w.s.status = 'ARCHIVED';
  await w.record('ARCHIVED', 'system');
}
