import { z } from 'zod';
import { SATISFACTION_LEVELS, type Satisfaction } from './model';

/**
 * 三率 (响应率, 解决率, 满意率), the weighted score and 办结率: the one place where each is
 * defined. The predicates below compute them and RATE_DEFINITIONS states them in words; the
 * OpenAPI descriptions are built from those words, and a unit test checks that the README and
 * docs/decisions.md quote them, so the four cannot drift apart. Computed from recorded events
 * (domain spec §6.1), never from a request's current state alone: a reopened request has no
 * current rating, but its citizen did answer.
 */

/** The answer of the callback that counts: the latest 回访 that reached the citizen. */
export const callbackAnswerSchema = z.object({ resolved: z.boolean(), satisfaction: z.enum(SATISFACTION_LEVELS) });
export type CallbackAnswer = z.infer<typeof callbackAnswerSchema>;

/** What the rates need to know about one request received in the window. */
export const rateFactsSchema = z.object({
  /** Dispatched to a unit at least once. */
  dispatched: z.boolean(),
  /** Responded (contacted the citizen) by the 响应 deadline. */
  respondedOnTime: z.boolean(),
  /** Reached 办结: resolved by a unit, or a 咨询 answered directly by the hotline. */
  reachedClosure: z.boolean(),
  /** Upheld 不合理诉求. */
  excluded: z.boolean(),
  /** When the request was withdrawn (撤回), if it was. */
  withdrawnAt: z.date().nullable(),
  respondDeadline: z.date().nullable(),
  resolveDeadline: z.date().nullable(),
  answer: callbackAnswerSchema.nullable(),
});
export type RateFacts = z.infer<typeof rateFactsSchema>;

/** Which answers count as 满意 for 满意率. */
export const SATISFIED_LEVELS: readonly Satisfaction[] = ['满意', '基本满意'];

/** A withdrawal is neutral for a clock that had not run out yet (no deadline = never ran out). */
const withdrawnBefore = (f: RateFacts, deadline: Date | null) =>
  f.withdrawnAt !== null && (deadline === null || f.withdrawnAt.getTime() <= deadline.getTime());

/** The same condition that sends the request to 重办 in the workflow: not resolved, or 不满意. */
export const answerSendsToRedo = (a: CallbackAnswer) => !a.resolved || a.satisfaction === '不满意';

export type RateKey = 'response' | 'resolve' | 'satisfy' | 'closure';

interface Definition {
  name: string;
  numerator: string;
  denominator: string;
  /** Besides upheld 不合理诉求, which every rate excludes. */
  exclusions: string;
  inDenominator: (f: RateFacts) => boolean;
  inNumerator: (f: RateFacts) => boolean;
}

/** Which callback 解决率 and 满意率 read (stated once, referred to as "the counting callback"). */
export const COUNTING_CALLBACK =
  'The counting callback is the latest 回访 that reached the citizen: an unreached attempt or "not evaluated" does not replace an earlier answer, so an unresolved or 不满意 answer counts until the redo (重办) is rated, and a later 撤回 does not erase it.';

export const RATE_DEFINITIONS: Record<RateKey, Definition> = {
  response: {
    name: '响应率',
    numerator: 'requests responded (citizen contacted) by their 响应 deadline',
    denominator: 'requests dispatched to a unit',
    exclusions:
      'A request withdrawn (撤回) before its 响应 deadline without a response is left out. A dispatched request not responded yet counts as not responded.',
    inDenominator: (f) => f.dispatched && !(withdrawnBefore(f, f.respondDeadline) && !f.respondedOnTime),
    inNumerator: (f) => f.respondedOnTime,
  },
  resolve: {
    name: '解决率',
    numerator: 'requests whose counting callback answered resolved without sending the request to 重办 (a 不满意 answer counts as unresolved)',
    denominator: 'requests with a counting callback',
    exclusions: 'Requests never reached at callback are left out.',
    inDenominator: (f) => f.answer !== null,
    inNumerator: (f) => f.answer !== null && !answerSendsToRedo(f.answer),
  },
  satisfy: {
    name: '满意率',
    numerator: `requests whose counting callback rated ${SATISFIED_LEVELS.join(' or ')}`,
    denominator: 'requests with a counting callback',
    exclusions: 'Requests never reached at callback are left out.',
    inDenominator: (f) => f.answer !== null,
    inNumerator: (f) => f.answer !== null && SATISFIED_LEVELS.includes(f.answer.satisfaction),
  },
  closure: {
    name: '办结率',
    numerator: 'requests that reached 办结 (resolved by a unit, or a 咨询 answered directly)',
    denominator: 'requests received',
    exclusions: 'A request withdrawn (撤回) before its 办结 deadline without reaching 办结 is left out.',
    inDenominator: (f) => !(withdrawnBefore(f, f.resolveDeadline) && !f.reachedClosure),
    inNumerator: (f) => f.reachedClosure,
  },
};

export const SCOPE = 'Over requests received in the window [from, to). Upheld 不合理诉求 are excluded from every rate.';
export const SCORE_DEFINITION =
  'Score = 100 × the weighted mean of 响应率, 解决率 and 满意率 (configured weights); a rate with no data is left out and the other weights renormalised. Rounded to 2 decimals; rankings order by the rounded score.';

/** The one-sentence statement of a rate, as the OpenAPI, README and decisions quote it. */
export function describeRate(key: RateKey): string {
  const d = RATE_DEFINITIONS[key];
  return `${d.name} = ${d.numerator} ÷ ${d.denominator}. ${d.exclusions}`;
}

export interface RateWeights {
  response: number;
  resolve: number;
  satisfy: number;
}

/** Zhunger Qi weights (30/35/35), the one sourced example; configurable (docs/decisions.md). */
export const DEFAULT_RATE_WEIGHTS: RateWeights = { response: 0.3, resolve: 0.35, satisfy: 0.35 };

export interface Rate {
  numerator: number;
  denominator: number;
  /** null when there is nothing to measure (denominator 0). */
  rate: number | null;
}

export interface ThreeRates {
  requests: number;
  excluded: number;
  response: Rate;
  resolve: Rate;
  satisfy: Rate;
  score: number | null;
}

/** Applies one definition to the requests not excluded as 不合理诉求. */
export function rateOf(key: RateKey, facts: readonly RateFacts[]): Rate {
  const d = RATE_DEFINITIONS[key];
  const denominator = facts.filter((f) => !f.excluded && d.inDenominator(f));
  const numerator = denominator.filter(d.inNumerator).length;
  return { numerator, denominator: denominator.length, rate: denominator.length ? numerator / denominator.length : null };
}

/** Two decimals: float sums like 0.3 × 0.8 + 0.35 + 0.35 otherwise reply 94.00000000000001. */
const round2 = (x: number) => Math.round(x * 100) / 100;

export function threeRates(facts: readonly RateFacts[], weights: RateWeights = DEFAULT_RATE_WEIGHTS): ThreeRates {
  const response = rateOf('response', facts);
  const resolve = rateOf('resolve', facts);
  const satisfy = rateOf('satisfy', facts);
  const parts = [
    [response.rate, weights.response],
    [resolve.rate, weights.resolve],
    [satisfy.rate, weights.satisfy],
  ].filter((p): p is [number, number] => p[0] !== null);
  const totalWeight = parts.reduce((sum, [, w]) => sum + w, 0);
  const score = totalWeight ? round2((100 * parts.reduce((sum, [r, w]) => sum + r * w, 0)) / totalWeight) : null;
  const excluded = facts.filter((f) => f.excluded).length;
  return { requests: facts.length, excluded, response, resolve, satisfy, score };
}
