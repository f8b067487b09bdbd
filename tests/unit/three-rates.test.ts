import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../../api/openapi';
import {
  RATE_DEFINITIONS,
  COUNTING_CALLBACK,
  SCOPE,
  SCORE_DEFINITION,
  describeRate,
  rateOf,
  threeRates,
  type CallbackAnswer,
  type RateFacts,
  type RateKey,
} from '../../domain/requests/three-rates';

const T0 = new Date('2026-03-02T02:00:00Z');
const later = (hours: number) => new Date(T0.getTime() + hours * 3600_000);
const answer = (resolved: boolean, satisfaction: CallbackAnswer['satisfaction']): CallbackAnswer => ({ resolved, satisfaction });

/** A dispatched request, responded on time, closed, rated resolved + 满意; deadlines 24 h and 7 days out. */
const fact = (over: Partial<RateFacts>): RateFacts => ({
  dispatched: true,
  respondedOnTime: true,
  reachedClosure: true,
  excluded: false,
  withdrawnAt: null,
  respondDeadline: later(24),
  resolveDeadline: later(24 * 7),
  answer: answer(true, '满意'),
  ...over,
});

describe('三率', () => {
  test('numerators, denominators and the weighted score', () => {
    const facts = [
      fact({}),
      fact({ respondedOnTime: false, answer: answer(true, '基本满意') }),
      fact({ answer: answer(false, '不满意') }),
      fact({ answer: null }),
      fact({ excluded: true, respondedOnTime: false, answer: answer(false, '不满意') }),
    ];
    const r = threeRates(facts, { response: 0.3, resolve: 0.35, satisfy: 0.35 });
    expect(r.requests).toBe(5);
    expect(r.excluded).toBe(1);
    expect(r.response).toEqual({ numerator: 3, denominator: 4, rate: 0.75 });
    expect(r.resolve).toEqual({ numerator: 2, denominator: 3, rate: 2 / 3 });
    expect(r.satisfy).toEqual({ numerator: 2, denominator: 3, rate: 2 / 3 });
    // 100 × (0.3 × 0.75 + 0.35 × 2/3 + 0.35 × 2/3) = 69.1666… → 69.17
    expect(r.score).toBe(69.17);
  });

  test('a 不满意 answer counts as unsatisfied and unresolved, even with "resolved" ticked', () => {
    const r = threeRates([fact({}), fact({ answer: answer(true, '不满意') })]);
    expect(r.resolve).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(r.satisfy).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
  });

  test('撤回 before the 响应 deadline without a response leaves 响应率; after it, it counts as missed', () => {
    const before = fact({ respondedOnTime: false, withdrawnAt: later(1), answer: null, reachedClosure: false });
    const after = fact({ respondedOnTime: false, withdrawnAt: later(25), answer: null, reachedClosure: false });
    const respondedThenWithdrawn = fact({ withdrawnAt: later(2), answer: null, reachedClosure: false });
    expect(rateOf('response', [before])).toEqual({ numerator: 0, denominator: 0, rate: null });
    expect(rateOf('response', [after])).toEqual({ numerator: 0, denominator: 1, rate: 0 });
    expect(rateOf('response', [respondedThenWithdrawn])).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    // 办结率 looks at the 办结 deadline: both were withdrawn before it.
    expect(rateOf('closure', [before, after])).toEqual({ numerator: 0, denominator: 0, rate: null });
    expect(rateOf('closure', [fact({ reachedClosure: false, withdrawnAt: later(24 * 8) })]).denominator).toBe(1);
    // Withdrawn before dispatch: no deadline ever ran, nothing counts against anyone.
    const early = fact({ dispatched: false, respondDeadline: null, resolveDeadline: null, withdrawnAt: later(0), answer: null, reachedClosure: false });
    expect(rateOf('closure', [early]).denominator).toBe(0);
  });

  test('scores are rounded to 2 decimals (0.3 × 0.8 + 0.35 + 0.35 is 94.00000000000001 in floating point)', () => {
    const facts = [fact({}), fact({}), fact({}), fact({}), fact({ respondedOnTime: false })];
    expect(threeRates(facts).score).toBe(94);
  });

  test('no callbacks yet: the score uses the response rate alone', () => {
    const r = threeRates([fact({ answer: null })]);
    expect(r.resolve.rate).toBeNull();
    expect(r.score).toBe(100);
  });

  test('nothing at all: no score', () => {
    expect(threeRates([]).score).toBeNull();
  });

  test('办结率 563 reported, 544 closed; 不合理诉求 excluded', () => {
    const facts = [
      ...Array.from({ length: 544 }, () => fact({})),
      ...Array.from({ length: 19 }, () => fact({ reachedClosure: false })),
      fact({ excluded: true, reachedClosure: false }),
    ];
    const r = rateOf('closure', facts);
    expect(r).toMatchObject({ numerator: 544, denominator: 563 });
    expect(r.rate).toBeCloseTo(0.966, 3);
  });
});

/** Whitespace-insensitive, so Markdown line wrapping does not matter. */
const flat = (text: string) => text.replace(/\s+/g, ' ');
const keys = Object.keys(RATE_DEFINITIONS) as RateKey[];

describe('the definitions are stated once and quoted everywhere', () => {
  test.each(['README.md', 'docs/decisions.md'])('%s quotes every definition and the score', (file) => {
    const text = flat(readFileSync(join(__dirname, '..', '..', file), 'utf8'));
    const quoted = [SCOPE, COUNTING_CALLBACK, ...keys.map(describeRate), SCORE_DEFINITION];
    expect(quoted.filter((d) => !text.includes(flat(d)))).toEqual([]);
  });

  test('the OpenAPI descriptions are the definitions', () => {
    const doc = JSON.stringify(buildOpenApiDocument());
    for (const key of keys) expect(doc).toContain(JSON.stringify(describeRate(key)).slice(1, -1));
    for (const d of [SCOPE, COUNTING_CALLBACK, SCORE_DEFINITION]) expect(doc).toContain(JSON.stringify(d).slice(1, -1));
    expect(doc).not.toContain('÷ rated');
  });
});
