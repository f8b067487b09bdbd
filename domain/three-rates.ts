/**
 * 三率 (响应率, 解决率, 满意率) and the weighted score, from per-request facts. Computed from
 * recorded events (domain spec §6.1), never from a request's current state alone.
 */
export interface RateFacts {
  /** Dispatched to a unit (the denominator of 响应率). */
  dispatched: boolean;
  /** Responded (contacted the citizen) before the 响应 deadline. */
  respondedOnTime: boolean;
  /** The citizen was reached at callback and answered (the denominator of 解决率 and 满意率). */
  rated: boolean;
  resolved: boolean;
  satisfaction: string | null;
  /** Upheld 不合理诉求: excluded from all three rates. */
  excluded: boolean;
}

export interface RateWeights {
  response: number;
  resolve: number;
  satisfy: number;
}

/** Zhunger Qi weights (30/35/35), the one sourced example; configurable (docs/decisions.md). */
export const DEFAULT_RATE_WEIGHTS: RateWeights = { response: 0.3, resolve: 0.35, satisfy: 0.35 };

/** Which answers count as 满意 for 满意率: 满意 and 基本满意 by default. */
export const SATISFIED_LEVELS: readonly string[] = ['满意', '基本满意'];

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
  /** Weighted score in [0, 100]; rates with no data are left out and the weights renormalised. */
  score: number | null;
}

const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  rate: denominator ? numerator / denominator : null,
});

export function threeRates(facts: readonly RateFacts[], weights: RateWeights = DEFAULT_RATE_WEIGHTS): ThreeRates {
  const counted = facts.filter((f) => !f.excluded);
  const dispatched = counted.filter((f) => f.dispatched);
  const rated = counted.filter((f) => f.rated);
  const response = rate(dispatched.filter((f) => f.respondedOnTime).length, dispatched.length);
  const resolve = rate(rated.filter((f) => f.resolved).length, rated.length);
  const satisfy = rate(rated.filter((f) => f.satisfaction !== null && SATISFIED_LEVELS.includes(f.satisfaction)).length, rated.length);
  const parts = [
    [response.rate, weights.response],
    [resolve.rate, weights.resolve],
    [satisfy.rate, weights.satisfy],
  ].filter((p): p is [number, number] => p[0] !== null);
  const totalWeight = parts.reduce((sum, [, w]) => sum + w, 0);
  const score = totalWeight ? (100 * parts.reduce((sum, [r, w]) => sum + r * w, 0)) / totalWeight : null;
  return { requests: facts.length, excluded: facts.length - counted.length, response, resolve, satisfy, score };
}

/** 办结率 = requests that reached 办结 ÷ requests received, over a period (e.g. 544/563 = 96.6 %). */
export function closureRate(received: number, resolved: number): Rate {
  return rate(resolved, received);
}
