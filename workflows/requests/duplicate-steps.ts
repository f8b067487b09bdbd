/** 合并 between workflows: the master tells its duplicates how it ended; a duplicate follows. */
import * as wf from '@temporalio/workflow';
import * as defs from './definitions';
import { startCallback } from './closing-steps';
import type { RequestWorkflow } from './workflow';

export interface MasterOutcome {
  outcome: 'REVIEWED' | 'CLOSED';
  statusNotes?: string;
}

/**
 * The attachDuplicate signal: a duplicate joined this master. Its writes take the workflow's lock
 * like any step, so they never run activities beside an update's.
 */
export function attachDuplicate(w: RequestWorkflow, requestId: string): void {
  const { s } = w;
  if (s.duplicates.includes(requestId)) return;
  s.duplicates.push(requestId);
  void w.lock.run('step', () =>
    w.asStep(async () => {
      await w.record('DUPLICATE_ATTACHED', 'system', undefined, { duplicate: requestId });
      // Attached after this master was reviewed: the duplicate's citizen is called back at once.
      if (['REVIEWED', 'CALLBACK', 'RATED', 'RECHECK', 'ARCHIVED'].includes(s.status)) await signalDuplicate(w, requestId, 'REVIEWED');
    }),
  );
}

async function signalDuplicate(w: RequestWorkflow, requestId: string, outcome: MasterOutcome['outcome']): Promise<void> {
  try {
    await wf
      .getExternalWorkflowHandle(requestId)
      .signal(defs.masterOutcomeSignal, { masterId: w.input.requestId, outcome, statusNotes: w.s.statusNotes ?? undefined });
  } catch (err) {
    await w.record('DUPLICATE_SIGNAL_FAILED', 'system', String(err), { duplicate: requestId });
  }
}

export async function tellDuplicates(w: RequestWorkflow, outcome: MasterOutcome['outcome']): Promise<void> {
  for (const d of w.s.duplicates) await signalDuplicate(w, d, outcome);
}

/** A merged duplicate follows its master: callback when the master is reviewed, or back to dispatch. */
export async function followMaster(w: RequestWorkflow): Promise<void> {
  const { s } = w;
  const outcome = w.masterOutcome!;
  w.masterOutcome = null;
  if (outcome.outcome === 'REVIEWED') {
    s.statusNotes = outcome.statusNotes ?? null;
    await w.record('MASTER_REVIEWED', 'system', outcome.statusNotes, { masterId: s.mergedInto });
    await startCallback(w);
  } else {
    const master = s.mergedInto;
    s.mergedInto = null;
    await w.record('MASTER_CLOSED', 'system', 'master closed without result; handling resumes', { masterId: master });
    await w.dispatchTo(s.unit ?? s.plan!.dispatchUnit, 'system', 'REDISPATCHED', 'master request closed');
  }
}
