import * as wf from '@temporalio/workflow';
import type { RequestStatus } from '../domain/request-model';
import * as defs from './definitions';
import type { RequestView, RequestWorkflowInput } from './definitions';
import { createRequestContext } from './request/context';
import { registerClosing } from './request/closing';
import { registerDeadlineActions } from './request/deadline-actions';
import { registerDuplicates } from './request/duplicates';
import { registerHandlingActions } from './request/handling-actions';
import { registerRoutingActions } from './request/routing-actions';
import { createTimers } from './request/timers';
import { waitForDueStep } from './shared/due-step';
import { REQUEST_LIMITS } from '../domain/requests/limits';
import { initialState, isFinal, searchAttributes, view, type RequestState } from './request-state';

/** One 接诉即办 request, from 受理 to 归档; id = request id. */
export async function requestWorkflow(input: RequestWorkflowInput & { carried?: RequestState }): Promise<RequestView> {
  const s: RequestState = input.carried ?? initialState(input);
  const c = createRequestContext(input, s);
  const { acts, record, slaWithCalendarWait, refreshSchedule, recountProvisional, dispatchTo, asStep, exclusive } = c;

  // ---------------------------------------------------------------- queries and updates
  wf.setHandler(defs.stateQuery, () => view(s));
  wf.setHandler(defs.acceptUpdate, async () => {
    await wf.condition(() => s.accepted || s.lastError !== null);
    return view(s);
  });

  const closing = registerClosing(c);
  const duplicates = registerDuplicates(c, closing);
  registerHandlingActions(c, { tellDuplicates: duplicates.tellDuplicates, startCallback: closing.startCallback });
  registerDeadlineActions(c);
  registerRoutingActions(c);
  const timers = createTimers(c, closing);

  // ---------------------------------------------------------------- the process
  if (!input.carried) await exclusive(intake);
  while (!isFinal(s)) {
    if (duplicates.hasMasterOutcome()) {
      await asStep(duplicates.followMaster);
      continue;
    }
    if (wf.workflowInfo().continueAsNewSuggested && s.pendingReports.length === 0) {
      // Long-lived requests (many reopen cycles, many updates) start a fresh history with the
      // compact state; wait for running handlers so no update loses its reply.
      await wf.condition(wf.allHandlersFinished);
      await wf.continueAsNew<typeof requestWorkflow>({ ...input, carried: s });
    }
    if (s.calendarNudged) {
      // An admin loaded calendar days: provisional deadlines are counted again, timers move.
      await asStep(recountProvisional);
      continue;
    }
    const seen = s.version;
    const due = await waitForDueStep(timers.nextTimer(), () => s.version !== seen || isFinal(s));
    if (due) await asStep(due.fire);
  }
  // Let in-flight updates reply before the workflow completes.
  await wf.condition(wf.allHandlersFinished);
  return view(s);

  async function intake() {
  wf.upsertMemo({ categoryCode: input.categoryCode, type: input.type, urgency: input.urgency, channel: input.channel });
  wf.upsertSearchAttributes([
    { key: defs.SA.category, value: input.categoryCode },
    { key: defs.SA.urgency, value: input.urgency },
    ...searchAttributes(s),
  ]);
  await record('RECEIVED', input.receivedBy ?? 'intake', undefined, { channel: input.channel });

  try {
    s.plan = await acts.planRequest({
      categoryCode: input.categoryCode,
      urgency: input.urgency,
      locationUnitCode: input.locationUnitCode,
    });
  } catch (err) {
    // Intake validated category and unit; this only happens if they were deleted meanwhile.
    s.lastError = err instanceof wf.ActivityFailure ? String(err.cause?.message) : String(err);
    await record('PLANNING_FAILED', 'system', s.lastError);
    return;
  }
  s.status = 'TRIAGED';
  await record('TRIAGED', 'system', undefined, { categoryName: s.plan.categoryName });
  if (input.type === '咨询') {
    // 咨询 is answered by the hotline from the 知识库 (1 working day); a dispatcher may still
    // dispatch it when it cannot be answered directly.
    const [answerBy] = await slaWithCalendarWait([
      { kind: 'due', start: input.receivedAt, limit: REQUEST_LIMITS.DIRECT_ANSWER },
    ]);
    s.deadlines.resolve = answerBy ?? undefined;
    await record('AWAITING_DIRECT_ANSWER', 'system', undefined, { answerBy });
    s.accepted = true;
    return;
  }
  await refreshSchedule();
  await dispatchTo(s.plan.dispatchUnit, 'system', 'DISPATCHED', '属地派单');
  s.accepted = true;
  }
}

export type { RequestStatus };
