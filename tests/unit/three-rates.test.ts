import { closureRate, threeRates, type RateFacts } from '../../domain/three-rates';

const fact = (over: Partial<RateFacts>): RateFacts => ({
  dispatched: true,
  respondedOnTime: true,
  rated: true,
  resolved: true,
  satisfaction: '满意',
  excluded: false,
  ...over,
});

describe('三率', () => {
  test('numerators, denominators and the weighted score', () => {
    const facts = [
      fact({}),
      fact({ respondedOnTime: false, satisfaction: '基本满意' }),
      fact({ resolved: false, satisfaction: '不满意' }),
      fact({ rated: false, satisfaction: null }),
      fact({ excluded: true, respondedOnTime: false, resolved: false, satisfaction: '不满意' }),
    ];
    const r = threeRates(facts, { response: 0.3, resolve: 0.35, satisfy: 0.35 });
    expect(r.requests).toBe(5);
    expect(r.excluded).toBe(1);
    expect(r.response).toEqual({ numerator: 3, denominator: 4, rate: 0.75 });
    expect(r.resolve).toEqual({ numerator: 2, denominator: 3, rate: 2 / 3 });
    expect(r.satisfy).toEqual({ numerator: 2, denominator: 3, rate: 2 / 3 });
    expect(r.score).toBeCloseTo(100 * (0.3 * 0.75 + 0.35 * (2 / 3) + 0.35 * (2 / 3)), 10);
  });

  test('no callbacks yet: the score uses the response rate alone', () => {
    const r = threeRates([fact({ rated: false, satisfaction: null })]);
    expect(r.resolve.rate).toBeNull();
    expect(r.score).toBe(100);
  });

  test('nothing at all: no score', () => {
    expect(threeRates([]).score).toBeNull();
  });

  test('办结率 563 reported, 544 closed', () => {
    expect(closureRate(563, 544).rate).toBeCloseTo(0.966, 3);
  });
});
