/**
 * The workflow side of provisional deadlines: note each SLA result, tell the timeline and the
 * operators the first time a deadline is provisional, and recount them all when an admin has
 * loaded calendar days. Shared by the request and consultation workflows.
 */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { SlaResult, SlaSpec } from './definitions';
import {
  changeList,
  noteResult,
  provisionalYears,
  recountLedger,
  replaceInstants,
  pickFields,
  stringsIn,
  type HoldsProvisional,
} from './provisional-deadlines';

// The alert goes through the outbox (keyed by year) and is retried for as long as it takes.
const alerts = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
  summary: 'CALENDAR_PROVISIONAL → platform',
});

export interface ProvisionalHooks<S extends HoldsProvisional, K extends keyof S> {
  sourceId: string;
  sourceKind: 'request' | 'consultation';
  /** The workflow state: it keeps the ledger in `provisional`. */
  state: S;
  /** The fields of the state that hold deadlines; provisional instants are replaced inside them. */
  deadlineKeys: readonly K[];
  record(type: 'DEADLINES_PROVISIONAL' | 'DEADLINES_RECOUNTED', reason: string, data: Record<string, unknown>): Promise<void>;
  /** The SLA activity itself (specs already carry their scale and origin). */
  compute(specs: SlaSpec[]): Promise<SlaResult>;
}

export function createProvisionalTracking<S extends HoldsProvisional, K extends keyof S>(h: ProvisionalHooks<S, K>) {
  const s = h.state;
  /** Keeps a result's provisional instants; the first ones are recorded and alerted. */
  async function note(specs: SlaSpec[], result: SlaResult): Promise<void> {
    if (!result.provisional?.some(Boolean)) return;
    const before = s.provisional;
    s.provisional = noteResult(before, specs, result);
    const years = provisionalYears(result);
    const wasProvisional = (before?.batches.length ?? 0) > 0;
    if (!wasProvisional) {
      await h.record(
        'DEADLINES_PROVISIONAL',
        `法定节假日数据只到 ${result.coveredUntil}，${years.join('、')} 年的时限暂按周一至周五计算，导入当年安排后自动重算`,
        { coveredUntil: result.coveredUntil, calendarVersion: result.calendarVersion, years },
      );
    }
    for (const year of years) {
      await alerts.alertProvisionalCalendar({
        year,
        coveredUntil: result.coveredUntil!,
        calendarVersion: result.calendarVersion,
        sourceId: h.sourceId,
        sourceKind: h.sourceKind,
      });
    }
  }

  /** Recounts every provisional deadline with the calendar as it is now; one timeline event. */
  async function recount(): Promise<void> {
    const ledger = s.provisional;
    if (!ledger?.batches.length) return;
    const { changes, ledger: remaining, calendarVersion } = await recountLedger(
      ledger,
      stringsIn(pickFields(s, h.deadlineKeys)),
      h.compute,
    );
    s.provisional = remaining;
    if (changes.size) Object.assign(s, replaceInstants(pickFields(s, h.deadlineKeys), changes));
    const moved = changeList(changes);
    await h.record(
      'DEADLINES_RECOUNTED',
      moved.length
        ? moved.map((c) => `${c.from} → ${c.to}`).join('; ')
        : 'no deadline moved',
      { changes: moved, calendarVersion, stillProvisional: (remaining?.batches.length ?? 0) > 0 },
    );
  }

  return { note, recount };
}
