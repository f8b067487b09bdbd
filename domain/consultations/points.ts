/**
 * 治理积分: residents earn points for taking part in 社区议事协商. Values are configuration (these
 * defaults, overridable with the HUIYING_POINTS_JSON environment variable read by the activity);
 * the ledger itself is append-only, keyed so that an award happens once per (resident, item, event).
 * Workflow-safe.
 */
export const POINT_EVENTS = ['SUBMIT_TOPIC', 'ATTEND', 'VOTE', 'VOLUNTEER', 'EVALUATE'] as const;
export type PointEvent = (typeof POINT_EVENTS)[number];
/** Ledger entry kinds: an award, or the reversal (correction) of an earlier entry. */
export type LedgerEvent = PointEvent | 'REVERSAL';

export const POINT_EVENT_LABELS: Record<PointEvent, string> = {
  SUBMIT_TOPIC: '提出议题 (集)',
  ATTEND: '参加议事 (议)',
  VOTE: '参与表决 (议)',
  VOLUNTEER: '志愿参与落实 (办)',
  EVALUATE: '参与评议 (评)',
};

export type PointsConfig = Record<PointEvent, number>;

export const DEFAULT_POINTS: PointsConfig = {
  SUBMIT_TOPIC: 5,
  ATTEND: 3,
  VOTE: 2,
  VOLUNTEER: 5,
  EVALUATE: 1,
};

/**
 * The configured values: the defaults overridden by a JSON object such as `{"ATTEND": 4}`.
 * Unknown keys and non-integer or negative values are errors (a typo must not silently award 0).
 */
export function parsePointsConfig(json: string | undefined): PointsConfig {
  if (!json || !json.trim()) return { ...DEFAULT_POINTS };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('HUIYING_POINTS_JSON is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('HUIYING_POINTS_JSON must be a JSON object');
  }
  const config = { ...DEFAULT_POINTS };
  for (const [key, value] of Object.entries(parsed)) {
    if (!(POINT_EVENTS as readonly string[]).includes(key)) throw new Error(`HUIYING_POINTS_JSON: unknown event ${key}`);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 1000) {
      throw new Error(`HUIYING_POINTS_JSON: ${key} must be an integer 0–1000`);
    }
    config[key as PointEvent] = value;
  }
  return config;
}

/** The unique key of an award: one per (resident, item, event). */
export const awardKey = (residentId: string, itemId: string, event: PointEvent) => `award:${residentId}:${itemId}:${event}`;
/** The unique key of a reversal: an entry is reversed at most once. */
export const reversalKey = (entryId: number) => `reversal:${entryId}`;

export interface PointAward {
  residentId: string;
  event: PointEvent;
}

/** Deduplicates awards within one batch (same resident and event once). */
export function uniqueAwards(awards: readonly PointAward[]): PointAward[] {
  const seen = new Set<string>();
  return awards.filter((a) => {
    const key = `${a.residentId}\u0000${a.event}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
