/**
 * The worker's clock scale, read once by each workflow at its start (a local activity, so the
 * value is recorded in the history and replays). Drills and tests run workers with a compressed
 * clock (`HUIYING_TIME_SCALE`, refused in production); no workflow input carries it, so a caller
 * of the API can never compress a real request's deadlines.
 */
export function createClockActivities(clockScale: number) {
  return {
    async clockScale(): Promise<number> {
      return clockScale;
    },
  };
}
