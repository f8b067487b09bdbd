import * as wf from '@temporalio/workflow';
import { takeUpLimit } from '../domain/consultation-model';
import { expiryAt } from '../domain/consultation-rules';
import * as cdefs from './consultation-definitions';
import { calendarUpdatedSignal } from './definitions';
import type { ConsultationView, ConsultationWorkflowInput } from './consultation-definitions';
import { createArchive } from './consultation/archive';
import { createConsultationContext } from './consultation/context';
import { registerEvaluation } from './consultation/evaluation';
import { createHandOver } from './consultation/hand-over';
import { registerImplementation } from './consultation/implementation';
import { registerMeeting } from './consultation/meeting';
import { registerPublicity } from './consultation/publicity';
import { registerScreening } from './consultation/screening';
import { createTimers } from './consultation/timers';
import { waitForDueStep } from './shared/due-step';
import { initialConsultationState, isFinalConsultation, type ConsultationState } from './consultation-state';

/**
 * One 社区议事协商 item through 集、定、议、公、办、督、评、备; workflow id = item id.
 *
 * 定 → 接诉即办: a not-for-consultation item that is a citizen's request is handed over by an
 * activity that inserts the Request row (idempotency key derived from the item id) and then by
 * starting `requestWorkflow` as a child with parentClosePolicy ABANDON, so the request outlives
 * this item. The child start needs no Temporal Client in activities, and the history shows both.
 */
export async function consultationWorkflow(
  input: ConsultationWorkflowInput & { collectedBy?: string; carried?: ConsultationState },
): Promise<ConsultationView> {
  const s: ConsultationState = input.carried ?? initialConsultationState(input);
  const c = createConsultationContext(input, s);
  const { scale, view, lock, record, award, due, recountProvisional, calendar } = c;

  // ---------------------------------------------------------------- queries and updates
  wf.setHandler(cdefs.consultationStateQuery, () => view());
  wf.setHandler(calendarUpdatedSignal, () => calendar.nudge());
  wf.setHandler(cdefs.consultationAcceptUpdate, async () => {
    await wf.condition(() => s.accepted || s.lastError !== null);
    return view();
  });

  const { archive } = createArchive(c);
  const handOver = createHandOver(c);
  registerScreening(c, { handOverToRequest: handOver.handOverToRequest, archive });
  registerMeeting(c, { archive });
  const { finishPublicity } = registerPublicity(c);
  const { startImplementation } = registerImplementation(c, { startRequestWorkflow: handOver.startRequestWorkflow });
  const { closeEvaluation } = registerEvaluation(c, { startImplementation, archive });
  const timers = createTimers(c, { archive, finishPublicity, closeEvaluation });

  // ---------------------------------------------------------------- the process
  if (!input.carried) await lock.run('step', collect);
  while (!isFinalConsultation(s)) {
    // Not while unit tasks run: their results arrive at this run's child handles.
    if (wf.workflowInfo().continueAsNewSuggested && s.linkedRequests.every((l) => l.closed)) {
      // Long-lived items (many rounds, many checkpoints) start a fresh history with the compact
      // state; wait for running handlers so no update loses its reply.
      await wf.condition(wf.allHandlersFinished);
      if (!isFinalConsultation(s)) {
        await wf.continueAsNew<typeof consultationWorkflow>({ ...input, carried: s });
      }
      continue;
    }
    if (s.calendarNudged) {
      // An admin loaded calendar days: provisional deadlines are counted again, timers move.
      await lock.step(recountProvisional);
      continue;
    }
    const seen = s.version;
    const due = await waitForDueStep(timers.nextTimer(), () => s.version !== seen || isFinalConsultation(s));
    if (due) await lock.step(due.fire);
  }
  // Let in-flight updates (and the archive write they started) finish before completing.
  await wf.condition(wf.allHandlersFinished);
  return view();

  /** 集: deadlines of the track, the 12-month expiry, and the proposer's points. */
  async function collect() {
    wf.upsertMemo({ kind: 'consultation', source: input.source, track: input.track });
    s.expiresAt = new Date(expiryAt(Date.parse(input.collectedAt), scale)).toISOString();
    s.takeUpDeadline = await due(input.collectedAt, takeUpLimit(input.track));
    await record('COLLECTED', input.collectedBy ?? 'intake', undefined, {
      source: input.source,
      track: input.track,
      takeUpDeadline: s.takeUpDeadline,
      expiresAt: s.expiresAt,
      hotspotRequestIds: input.hotspotRequestIds ?? [],
    });
    if (input.proposerResidentId) {
      await award([{ residentId: input.proposerResidentId, event: 'SUBMIT_TOPIC' }], '提出议题');
    }
    s.accepted = true;
  }
}
