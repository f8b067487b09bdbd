import * as wf from '@temporalio/workflow';
import * as schemas from '../../domain/requests/actions';
import * as defs from '../definitions';
import type { RequestContext } from './context';
import { ruleViolation } from './failures';

/** 合并: a duplicate follows its master; the master tells its duplicates how it ended. */
export function registerDuplicates(c: RequestContext, { startCallback }: { startCallback: () => Promise<void> }) {
  const { s, input, who, record, dispatchTo, action } = c;

  // ---------------------------------------------------------------- 合并 (duplicates)
  action(
    defs.mergeUpdate,
    'merge',
    schemas.mergeSchema,
    async (p, a) => {
      try {
        await wf.getExternalWorkflowHandle(p.masterId).signal(defs.attachDuplicateSignal, { requestId: input.requestId });
      } catch {
        throw ruleViolation(`master request ${p.masterId} is not open`, 'masterId');
      }
      s.mergedInto = p.masterId;
      s.status = 'MERGED';
      await record('MERGED', who(a), p.reason, { masterId: p.masterId });
    },
    (p) => {
      if (p.masterId === input.requestId) throw ruleViolation('a request cannot be merged into itself', 'masterId');
      if (s.duplicates.length) throw ruleViolation('this request is a master of other duplicates', 'masterId');
    },
  );

  wf.setHandler(defs.attachDuplicateSignal, ({ requestId }) => {
    if (s.duplicates.includes(requestId)) return;
    s.duplicates.push(requestId);
    void record('DUPLICATE_ATTACHED', 'system', undefined, { duplicate: requestId });
    // Attached after this master was reviewed: the duplicate's citizen is called back at once.
    if (['REVIEWED', 'CALLBACK', 'RATED', 'RECHECK', 'ARCHIVED'].includes(s.status)) {
      void signalDuplicate(requestId, 'REVIEWED');
    }
  });

  async function signalDuplicate(requestId: string, outcome: 'REVIEWED' | 'CLOSED') {
    try {
      await wf
        .getExternalWorkflowHandle(requestId)
        .signal(defs.masterOutcomeSignal, { masterId: input.requestId, outcome, statusNotes: s.statusNotes ?? undefined });
    } catch (err) {
      await record('DUPLICATE_SIGNAL_FAILED', 'system', String(err), { duplicate: requestId });
    }
  }

  async function tellDuplicates(outcome: 'REVIEWED' | 'CLOSED') {
    for (const d of s.duplicates) await signalDuplicate(d, outcome);
  }

  let masterOutcome: { outcome: 'REVIEWED' | 'CLOSED'; statusNotes?: string } | null = null;
  wf.setHandler(defs.masterOutcomeSignal, (m) => {
    if (s.status !== 'MERGED' || m.masterId !== s.mergedInto) return;
    masterOutcome = m;
    s.version++;
  });

  /** A merged duplicate follows its master: callback when the master is reviewed, or back to dispatch. */
  async function followMaster() {
    const outcome = masterOutcome!;
    masterOutcome = null;
    if (outcome.outcome === 'REVIEWED') {
      s.statusNotes = outcome.statusNotes ?? null;
      await record('MASTER_REVIEWED', 'system', outcome.statusNotes, { masterId: s.mergedInto });
      await startCallback();
    } else {
      const master = s.mergedInto;
      s.mergedInto = null;
      await record('MASTER_CLOSED', 'system', 'master closed without result; handling resumes', { masterId: master });
      await dispatchTo(s.unit ?? s.plan!.dispatchUnit, 'system', 'REDISPATCHED', 'master request closed');
    }
  }


  return { tellDuplicates, followMaster, hasMasterOutcome: () => masterOutcome !== null };
}
