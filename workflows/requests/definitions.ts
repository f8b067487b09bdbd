/**
 * Everything clients, the worker and workflows share about the request workflow:
 * message definitions, search attributes and the shapes that cross the workflow boundary.
 * Safe to import from workflow code (no Node modules).
 */
import { defineSearchAttributeKey, SearchAttributeType, type UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { z } from 'zod';
import type { UnitRef } from '../../domain/shared/org';
import type {
  Channel,
  RequestStatus,
  RequestType,
  Satisfaction,
  SlaClock,
  Urgency,
} from '../../domain/requests/model';
import { REQUEST_ACTIONS, type RequestAction, type RequestActionSchema } from '../../domain/requests/actions';
import type { TimeLimit } from '../../domain/shared/sla';
import type { ActionArgs } from '../shared/definitions';
import type { Deadlines, RequestView } from '../../domain/requests/views';

/** Workflow input. Deliberately free of personal data: names, phones and addresses stay in PostgreSQL. */
export interface RequestWorkflowInput {
  requestId: string;
  categoryCode: string;
  type: RequestType;
  urgency: Urgency;
  channel: Channel;
  locationUnitCode: string;
  receivedAt: string;
  /** Who took the request in (the intake subject), named by the RECEIVED event; absent in older histories. */
  receivedBy?: string;
  /** Share of closed requests re-checked after 4 weeks (督回访); default REQUEST_LIMITS.RECHECK_SAMPLE_PERCENT. */
  recheckSamplePercent?: number;
}

/** What intake learns from the catalogue and the org tree, once, at the start of the workflow. */
export interface RequestPlan {
  categoryName: string;
  dispatchUnit: UnitRef;
  limits: Partial<Record<SlaClock, TimeLimit>>;
}

// The views crossing the workflow boundary are zod schemas in domain/ (types only here, so the
// workflow bundle does not load zod for them).
export type { Deadlines, RequestView } from '../../domain/requests/views';
export type { SupervisionSchedule } from '../../domain/shared/views';
export const stateQuery = defineQuery<RequestView>('state');
/** Sent with start (update-with-start): returns once dispatch and deadlines are known. */
export const acceptUpdate = defineUpdate<RequestView>('accept');

/** One update per entry of the action table, typed with that action's payload. */
export type RequestActionUpdates = {
  [A in RequestAction]: UpdateDefinition<RequestView, [ActionArgs<RequestActionSchema<A>>]>;
};

function defineActionUpdates(): RequestActionUpdates {
  const updates: Partial<Record<RequestAction, UpdateDefinition<RequestView, [ActionArgs<z.ZodType>]>>> = {};
  // The update's name is the action's name (recorded histories carry it).
  for (const action of REQUEST_ACTIONS) updates[action] = defineUpdate(action);
  // A loop cannot type each key by itself: the mapped type says what each entry is.
  return updates as RequestActionUpdates;
}

export const REQUEST_ACTION_UPDATES = defineActionUpdates();

/** Master → duplicate and duplicate → master messages of 合并. */
export const attachDuplicateSignal = defineSignal<[{ requestId: string }]>('attachDuplicate');
export const masterOutcomeSignal = defineSignal<[{ masterId: string; outcome: 'REVIEWED' | 'CLOSED'; statusNotes?: string }]>(
  'masterOutcome',
);

/** 吹哨报到: one child workflow per department, with its own reporting deadline. */
export interface ReportWorkflowInput {
  requestId: string;
  department: UnitRef;
  reason: string;
  dueAt: string;
  whistledBy: string;
}
export interface ReportResult {
  department: string;
  note: string;
  reportedAt: string;
  by: string;
  onTime: boolean;
}
export const reportedSignal = defineSignal<[{ note: string; by: string }]>('reported');
export const reportStateQuery = defineQuery<{ department: string; dueAt: string; reported: boolean; overdue: boolean }>(
  'reportState',
);
export const reportWorkflowId = (requestId: string, department: string, round: number) =>
  `${requestId}:report:${department}:${round}`;

/** Ops nudge after loading new calendar data: recompute deadlines that were waiting on it. */

/** Custom search attributes for auditors in Temporal UI. Never personal data. */
export const SA = {
  status: defineSearchAttributeKey('HuiyingStatus', SearchAttributeType.KEYWORD),
  unit: defineSearchAttributeKey('HuiyingUnit', SearchAttributeType.KEYWORD),
  tier: defineSearchAttributeKey('HuiyingTier', SearchAttributeType.KEYWORD),
  street: defineSearchAttributeKey('HuiyingStreet', SearchAttributeType.KEYWORD),
  category: defineSearchAttributeKey('HuiyingCategory', SearchAttributeType.KEYWORD),
  urgency: defineSearchAttributeKey('HuiyingUrgency', SearchAttributeType.KEYWORD),
  deadline: defineSearchAttributeKey('HuiyingDeadline', SearchAttributeType.DATETIME),
  overdue: defineSearchAttributeKey('HuiyingOverdue', SearchAttributeType.BOOL),
  supervisionLevel: defineSearchAttributeKey('HuiyingSupervisionLevel', SearchAttributeType.INT),
  /** Some current deadline was counted with the provisional calendar rule (operators list these). */
  provisional: defineSearchAttributeKey('HuiyingProvisionalDeadline', SearchAttributeType.BOOL),
} as const;

/** Timeline event written to the read model; `seq` makes the write idempotent. */
export interface TimelineEvent {
  requestId: string;
  seq: number;
  type: string;
  actor: string;
  at: string;
  reason?: string;
  data?: Record<string, unknown>;
}

/** The projected row fields that change with each event. */
export interface RequestProjection {
  status: RequestStatus;
  unitCode: string | null;
  tier: string | null;
  deadlines: Deadlines;
  overdue: boolean;
  escalationLevel: number;
  supervisionLevel: number;
  resolved: boolean | null;
  satisfaction: Satisfaction | null;
}

