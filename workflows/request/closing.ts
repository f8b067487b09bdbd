import { REQUEST_LIMITS } from '../../domain/requests/limits';
import * as schemas from '../../domain/requests/actions';
import { answerSendsToRedo } from '../../domain/three-rates';
import * as defs from '../definitions';
import type { RequestContext } from './context';
import { ruleViolation } from './failures';

/** Deterministic sampling for the 4-week re-check: a stable hash of the request id. */
function sampleForRecheck(requestId: string, percent: number = REQUEST_LIMITS.RECHECK_SAMPLE_PERCENT): boolean {
  let hash = 0;
  for (const ch of requestId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % 100 < percent;
}
/** 回访, 评价, 重办, 不合理诉求 review, 咨询 answered directly, 督回访 re-check and 归档. */
export function registerClosing(c: RequestContext) {
  const { s, input, now, nowMs, who, record, slaWithCalendarWait, refreshSchedule, action } = c;

  action(
    defs.callbackUpdate,
    'callback',
    schemas.callbackSchema,
    async (p, a) => {
      const cb = s.callback!;
      cb.attempts++;
      if (!p.reached) {
        await record('CALLBACK_UNREACHED', who(a), p.note, { attempt: cb.attempts });
        if (cb.attempts >= REQUEST_LIMITS.CALLBACK_ATTEMPTS) {
          await finishUnrated(`${REQUEST_LIMITS.CALLBACK_ATTEMPTS} attempts without reaching the citizen`);
        }
        return;
      }
      s.resolved = p.resolved!;
      s.satisfaction = p.satisfaction!;
      s.status = 'RATED';
      await record('RATED', who(a), p.note, { resolved: s.resolved, satisfaction: s.satisfaction, attempt: cb.attempts });
      // The same rule tells 解决率 that this answer counts as unresolved until the redo is rated.
      if (answerSendsToRedo({ resolved: s.resolved, satisfaction: s.satisfaction })) await reopenOrFlag(who(a));
      else await closeOrRecheck();
    },
    (p) => {
      if (p.reached && (p.resolved === undefined || p.satisfaction === undefined)) {
        throw ruleViolation('a reached callback needs resolved and satisfaction', 'callbackAnswer');
      }
    },
  );

  // ---------------------------------------------------------------- 不合理诉求
  action(
    defs.flagUnreasonableUpdate,
    'flagUnreasonable',
    schemas.flagUnreasonableSchema,
    async (p, a) => {
      s.pendingUnreasonable = { category: p.category, reason: p.reason, by: who(a) };
      await record('UNREASONABLE_FLAGGED', who(a), p.reason, { category: p.category });
    },
    () => {
      if (s.pendingUnreasonable) throw ruleViolation('a flag is already pending review', 'unreasonablePending');
    },
  );

  action(
    defs.decideUnreasonableUpdate,
    'decideUnreasonable',
    schemas.decideUnreasonableSchema,
    async (p, a) => {
      const flag = s.pendingUnreasonable!;
      s.pendingUnreasonable = null;
      if (!p.approve) {
        await record('UNREASONABLE_REJECTED', who(a), p.reason, { category: flag.category });
        return;
      }
      // Upheld: excluded from 三率, still archived, with the explanation given to the citizen.
      s.excludedFromRates = true;
      await record('UNREASONABLE_UPHELD', who(a), p.reason, { category: flag.category, excludedFromRates: true });
      await archive();
    },
    () => {
      if (!s.pendingUnreasonable) throw ruleViolation('no flag is pending review', 'noPendingFlag');
    },
  );

  // ---------------------------------------------------------------- 咨询 answered directly, manual 派单
  action(defs.answerUpdate, 'answer', schemas.answerSchema, async (p, a) => {
    s.status = 'ANSWERED_DIRECT';
    await record('ANSWERED_DIRECT', who(a), undefined, {
      answer: p.answer,
      onTime: !s.deadlines.resolve || nowMs() <= Date.parse(s.deadlines.resolve),
    });
    await archive();
  });

  // ---------------------------------------------------------------- 督回访 re-check
  action(defs.recheckUpdate, 'recheck', schemas.recheckSchema, async (p, a) => {
    await record(p.reached ? 'RECHECKED' : 'RECHECK_UNREACHED', who(a), p.note, {
      stillResolved: p.stillResolved ?? null,
    });
    await archive();
  });

  /** Closing: sampled or disputed requests get a re-check 4 weeks later (督回访), the rest archive. */
  async function closeOrRecheck() {
    const sampled = sampleForRecheck(input.requestId, input.recheckSamplePercent);
    const disputed = s.flaggedForTaskForce || s.satisfaction === '不满意' || s.resolved === false;
    if (!(sampled || disputed)) return archive();
    const closedAt = now();
    const [dueAt] = await slaWithCalendarWait([
      { kind: 'due', start: closedAt, limit: REQUEST_LIMITS.RECHECK_AFTER },
    ]);
    s.recheck = { dueAt: dueAt!, windowEndsAt: null, taskSent: false };
    s.status = 'RECHECK';
    await record('RECHECK_SCHEDULED', 'system', sampled ? 'sampled' : 'disputed', { dueAt });
  }

  // ---------------------------------------------------------------- callback, 重办, archive
  async function startCallback() {
    const reviewedAt = now();
    const [firstAttemptAt, windowEndsAt] = await slaWithCalendarWait([
      { kind: 'nextWorkdayStart', instant: reviewedAt },
      { kind: 'workdaysAfter', instant: reviewedAt, workdays: REQUEST_LIMITS.CALLBACK_WINDOW_WORKDAYS },
    ]);
    s.callback = { firstAttemptAt: firstAttemptAt!, windowEndsAt: windowEndsAt!, attempts: 0, taskSent: 0 };
    s.status = 'CALLBACK';
    await record('CALLBACK_SCHEDULED', 'system', undefined, { firstAttemptAt, windowEndsAt });
  }

  async function finishUnrated(why: string) {
    s.status = 'RATED';
    await record('NOT_EVALUATED', 'system', why);
    await archive();
  }

  async function reopenOrFlag(actor: string) {
    if (s.cycle >= REQUEST_LIMITS.MAX_REOPEN_CYCLES) {
      s.flaggedForTaskForce = true;
      await record('TASK_FORCE_FLAGGED', actor, `${REQUEST_LIMITS.MAX_REOPEN_CYCLES} reopen cycles used; handed to 专班`);
      await closeOrRecheck();
      return;
    }
    s.cycle++;
    s.cycleStartedAt = now();
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
    await refreshSchedule();
    await record('REOPENED', actor, undefined, { cycle: s.cycle, deadline: s.deadlines.resolve });
  }

  async function archive() {
    s.status = 'ARCHIVED';
    await record('ARCHIVED', 'system');
  }


  return { startCallback, finishUnrated, archive };
}
