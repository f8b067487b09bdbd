/**
 * Helpers of the consultation workflow tests: starting an item as intake does, the step actions
 * as the API sends them, a fixed cast of participants, and what the stubs saw for one item.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { z } from 'zod';
import { consultationWorkflow } from '../../workflows';
import {
  CONSULTATION_ACTION_UPDATES,
  consultationAcceptUpdate,
  type ConsultationView,
  type ConsultationWorkflowInput,
} from '../../workflows/consultations/definitions';
import type { Actor } from '../../workflows/shared/definitions';
import type { ConsultationAction, ConsultationActionSchema } from '../../domain/consultations/actions';
import type { WorkflowTestEnv } from './environment';

export const CONVENER: Actor = { subject: 'convener-1', role: 'convener', unitCode: 'C-DFX' };

type Participants = z.output<ConsultationActionSchema<'setParticipants'>>['participants'];
type MeetingRecord = z.output<ConsultationActionSchema<'recordMeeting'>>;

/** Seven participants: four present make a quorum; five attend and three of them vote for. */
export const CAST: { participants: Participants; consensus: MeetingRecord } = {
  participants: [
    { id: 'SEC-1', category: 'CONVENER' },
    { id: 'R-A', category: 'RESIDENT' },
    { id: 'R-B', category: 'RESIDENT' },
    { id: 'R-C', category: 'RESIDENT' },
    { id: 'GW-1', category: 'GRID_WORKER' },
    { id: 'ORG-WY', category: 'PROPERTY_COMPANY', label: '多福物业' },
    { id: 'R-N', category: 'INTERESTED_PARTY' },
  ],
  consensus: {
    attendees: ['SEC-1', 'R-A', 'R-B', 'GW-1', 'R-N'],
    opinions: [],
    votes: { inFavour: ['SEC-1', 'R-A', 'R-B'], against: ['GW-1'], abstain: ['R-N'] },
    proposal: '同意加装电梯，由高层住户对低层住户给予适当补偿',
    minutes: '5人到会，3票赞成1票反对1票弃权。',
  },
};

export type ItemHandle = WorkflowHandle<typeof consultationWorkflow>;

let counter = 0;

/** Collects an item as intake does (start, then the accept update) and returns its handle. */
export async function startItem(
  t: WorkflowTestEnv,
  overrides: Partial<ConsultationWorkflowInput> = {},
): Promise<{ handle: ItemHandle; view: ConsultationView; id: string; collectedAt: number }> {
  const id = `WFC-${++counter}-${Date.now().toString(36)}`;
  const collectedAt = await t.now();
  const input: ConsultationWorkflowInput = {
    itemId: id,
    communityCode: 'C-DFX',
    source: 'RESIDENT',
    track: 'DEEP',
    collectedAt: new Date(collectedAt).toISOString(),
    ...overrides,
  };
  const handle = await t.env.client.workflow.start(consultationWorkflow, { taskQueue: t.taskQueue, workflowId: id, args: [input] });
  const view = await handle.executeUpdate(consultationAcceptUpdate);
  return { handle, view, id, collectedAt };
}

/** One step action, sent as the API sends it: the verified actor and the validated payload. */
export function step<A extends ConsultationAction>(
  handle: ItemHandle,
  action: A,
  actor: Actor,
  input: z.output<ConsultationActionSchema<A>>,
): Promise<ConsultationView> {
  return handle.executeUpdate(CONSULTATION_ACTION_UPDATES[action], { args: [{ actor, input }] });
}

export function itemTimeline(t: WorkflowTestEnv, id: string) {
  return t.log.consultationEvents.filter((e) => e.itemId === id).sort((a, b) => a.seq - b.seq);
}

export function itemNotifications(t: WorkflowTestEnv, id: string) {
  return t.log.consultationNotifications.filter((n) => n.itemId === id);
}
