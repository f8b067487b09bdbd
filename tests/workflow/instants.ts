/**
 * Comparing instants of the test server's clock. A timer fires at its instant exactly, but the
 * clock also runs with real time while the worker handles the task (milliseconds), so an event
 * recorded by a timer step is at its instant or a moment after it. A minute of slack tells the
 * right instant from any other step of these schedules, which are hours and days apart.
 */
const SLACK_MS = 60_000;

export function expectInstant(actual: string | undefined, expected: number | string): void {
  const want = typeof expected === 'number' ? expected : Date.parse(expected);
  expect(actual).toBeDefined();
  const got = Date.parse(actual!);
  if (got < want || got >= want + SLACK_MS) {
    throw new Error(`expected an instant at ${new Date(want).toISOString()} (up to a minute after), got ${actual}`);
  }
}

export const iso = (ms: number) => new Date(ms).toISOString();
