/**
 * Deadlines counted past the statutory calendar's data (the provisional Monday–Friday rule), kept
 * with the specs that produced them so they can be counted again the moment an admin loads that
 * year's notice. Pure functions over workflow state; shared by every workflow with deadlines.
 */
import type { SlaResult, SlaSpec } from './definitions';

/** One SLA computation that produced at least one provisional instant. */
export interface ProvisionalBatch {
  specs: SlaSpec[];
  instants: (string | null)[];
  provisional: boolean[];
}

/** Part of a workflow's state (carried across continue-as-new). */
export interface ProvisionalLedger {
  batches: ProvisionalBatch[];
  /** Last date the calendar data covered when the newest batch was counted. */
  coveredUntil: string;
}

/** An instant that moved when it was counted again. */
export interface InstantChange {
  from: string;
  to: string;
}

/** Adds a computation's provisional instants to the ledger (unchanged when none is provisional). */
export function noteResult(
  ledger: ProvisionalLedger | null | undefined,
  specs: readonly SlaSpec[],
  result: SlaResult,
): ProvisionalLedger | null {
  if (!result.provisional?.some(Boolean) || !result.coveredUntil) return ledger ?? null;
  const batch: ProvisionalBatch = { specs: [...specs], instants: result.instants, provisional: result.provisional };
  return { batches: [...(ledger?.batches ?? []), batch], coveredUntil: result.coveredUntil };
}

/** Every provisional instant in the ledger. */
export function provisionalInstants(ledger: ProvisionalLedger | null | undefined): Set<string> {
  const out = new Set<string>();
  for (const b of ledger?.batches ?? []) {
    b.instants.forEach((instant, i) => {
      if (instant && b.provisional[i]) out.add(instant);
    });
  }
  return out;
}

/** Every string inside a JSON value (the deadline fields of a state). */
export function stringsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringsIn(v, into));
  return into;
}

/** True when any instant still referenced by `deadlineFields` was counted provisionally. */
export function holdsProvisional(ledger: ProvisionalLedger | null | undefined, deadlineFields: unknown): boolean {
  if (!ledger?.batches.length) return false;
  const current = stringsIn(deadlineFields);
  for (const instant of provisionalInstants(ledger)) if (current.has(instant)) return true;
  return false;
}

/** The years (YYYY, Beijing) the provisional instants fall in: one operator alert per year. */
export function provisionalYears(result: SlaResult): string[] {
  const years = new Set<string>();
  result.instants.forEach((instant, i) => {
    if (instant && result.provisional?.[i]) {
      years.add(new Date(Date.parse(instant) + 8 * 3600_000).toISOString().slice(0, 4));
    }
  });
  return [...years].sort();
}

/** A state that can hold provisional deadlines (request and consultation item alike). */
export interface HoldsProvisional {
  provisional?: ProvisionalLedger | null;
}

/** The named fields of a state (those that hold computed deadlines). */
export function pickFields<S, K extends keyof S>(s: S, keys: readonly K[]): Pick<S, K> {
  const out = {} as Pick<S, K>;
  for (const k of keys) out[k] = s[k];
  return out;
}

/** A copy of a JSON value with every string in `changes` replaced by its new instant. */
export function replaceInstants<T>(value: T, changes: ReadonlyMap<string, string>): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return changes.get(v) ?? v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** A spec whose starting instant was itself provisional starts from where that instant moved. */
function remapSpec(spec: SlaSpec, changes: ReadonlyMap<string, string>): SlaSpec {
  if (spec.kind === 'due') return { ...spec, start: changes.get(spec.start) ?? spec.start };
  return { ...spec, instant: changes.get(spec.instant) ?? spec.instant };
}

/**
 * Counts every batch again, oldest first (a later batch may start from an earlier one's instant),
 * with whatever calendar the activity has now. Batches none of whose provisional instants are
 * still referenced are dropped unasked. Returns what moved and the ledger that remains.
 */
export async function recountLedger(
  ledger: ProvisionalLedger,
  referenced: ReadonlySet<string>,
  compute: (specs: SlaSpec[]) => Promise<SlaResult>,
): Promise<{ changes: Map<string, string>; ledger: ProvisionalLedger | null; calendarVersion: string | null }> {
  const changes = new Map<string, string>();
  let next: ProvisionalLedger | null = null;
  let calendarVersion: string | null = null;
  for (const batch of ledger.batches) {
    const live = batch.instants.some((instant, i) => instant && batch.provisional[i] && referenced.has(instant));
    if (!live) continue;
    const specs = batch.specs.map((spec) => remapSpec(spec, changes));
    const result = await compute(specs);
    calendarVersion = result.calendarVersion;
    batch.instants.forEach((before, i) => {
      const after = result.instants[i];
      if (before && after && before !== after) changes.set(before, after);
    });
    next = noteResult(next, specs, result);
  }
  return { changes, ledger: next, calendarVersion };
}

/** The changes as a list for the timeline (old → new). */
export const changeList = (changes: ReadonlyMap<string, string>): InstantChange[] =>
  [...changes].map(([from, to]) => ({ from, to }));
