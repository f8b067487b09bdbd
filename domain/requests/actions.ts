/**
 * The 接诉即办 request's actions: one table, one entry per action with its payload schema, the
 * statuses it may be taken from, who may take it, its URL segment and its OpenAPI summary. The
 * workflow's update definitions, the API's routes, role checks and `allowedActions`, and the
 * OpenAPI operations are all derived from it. Pure data: workflow code imports it.
 */
import { z } from 'zod';
import { actionNames, type ActionSpec } from '../shared/action-table';
import { HANDLING_STATUSES, SATISFACTION_LEVELS, type RequestStatus } from './model';
import { nonBlank, timeLimitSchema, unitCodeSchema } from './schemas';

export interface RequestActionSpec extends ActionSpec<RequestStatus> {
  /**
   * Whom the action is open to besides the request's own units. `whistledDepartment`: a handler
   * of the department named in the payload's `department`, wherever the request is (报到).
   */
  scope?: 'whistledDepartment';
}

// ------------------------------------------------------------------------------ payloads
// What callers send with each action. The API validates with these, the workflow validates its
// update payloads with the same ones, and the OpenAPI request bodies are generated from them.

const actorNote = {
  note: z.string().trim().max(2000).optional(),
};

export const signSchema = z.object({ ...actorNote });
export const respondSchema = z.object({ contactedAt: z.iso.datetime({ offset: true }).optional(), ...actorNote });
export const progressSchema = z.object({ note: nonBlank(2000) });
export const resolveSchema = z.object({
  statusNotes: z.string().trim().min(1).max(4000).describe('办理/回复意见 sent to the citizen'),
  serviceNotice: z.string().trim().max(2000).optional(),
});
export const reviewSchema = z.object({
  decision: z.enum(['PASS', 'REDO']),
  reason: z.string().trim().max(2000).optional(),
});
export const returnSchema = z.object({
  reason: nonBlank(2000),
  basis: nonBlank(2000).describe('职责依据: the legal or duty basis for returning'),
});
export const decideReturnSchema = z.object({
  approve: z.boolean(),
  reason: nonBlank(2000),
  redispatchTo: unitCodeSchema.optional(),
});
export const requestExtensionSchema = z.object({
  amount: z.number().int().positive().max(60),
  unit: z.enum(['hour', 'workday']),
  reason: nonBlank(2000),
});
export const decideExtensionSchema = z.object({
  approve: z.boolean(),
  reason: nonBlank(2000),
});
export const overrideDeadlineSchema = z.object({
  deadline: z.iso.datetime({ offset: true }),
  reason: nonBlank(2000),
});
export const escalateSchema = z.object({ reason: nonBlank(2000) });
export const pauseSchema = z.object({ reason: nonBlank(2000) });
export const decidePauseSchema = z.object({
  approve: z.boolean(),
  reason: nonBlank(2000),
});
export const resumeSchema = z.object({ ...actorNote });
export const withdrawSchema = z.object({ reason: nonBlank(2000) });
export const callbackSchema = z.object({
  reached: z.boolean().describe('false = the citizen could not be reached on this attempt'),
  resolved: z.boolean().optional(),
  satisfaction: z.enum(SATISFACTION_LEVELS).optional(),
  note: z.string().trim().max(2000).optional(),
});
export const whistleSchema = z.object({
  departments: z.array(unitCodeSchema).min(1).max(10).describe('职能部门 codes that must 报到'),
  reason: nonBlank(2000),
  reportWithin: timeLimitSchema.optional().describe('How long departments have to report; default 24 hours'),
});
export const reportSchema = z.object({
  department: unitCodeSchema,
  note: nonBlank(2000).describe('What the department did on arrival (报到)'),
});
export const mergeSchema = z.object({
  masterId: z.string().trim().min(1).max(64).describe('The request this one duplicates'),
  reason: nonBlank(2000),
});
export const flagUnreasonableSchema = z.object({
  category: z.enum(['MALICIOUS_REPEAT', 'UNLAWFUL_DEMAND', 'OUTSIDE_REMIT', 'OTHER']),
  reason: nonBlank(2000),
});
export const decideUnreasonableSchema = z.object({
  approve: z.boolean(),
  reason: nonBlank(2000).describe('Explanation recorded and given to the citizen'),
});
export const answerSchema = z.object({
  answer: z.string().trim().min(1).max(4000).describe('The answer from the 知识库 given to the citizen'),
});
export const dispatchSchema = z.object({
  unitCode: unitCodeSchema,
  reason: nonBlank(2000),
});
export const recheckSchema = z.object({
  reached: z.boolean(),
  stillResolved: z.boolean().optional(),
  note: z.string().trim().max(2000).optional(),
});

// ------------------------------------------------------------------------------ the table

const OPEN_HANDLING: readonly RequestStatus[] = ['SIGNED', 'RESPONDED', 'IN_PROGRESS'];

/**
 * Every action of a request, in the order `allowedActions` lists them. Extra conditions
 * (windows, caps) are the workflow's rules; the state and the role are checked from here.
 */
export const REQUEST_ACTION_TABLE = {
  sign: {
    schema: signSchema,
    from: ['DISPATCHED'],
    roles: ['handler'],
    path: 'sign',
    summary: '签收 Sign for a dispatched request',
  },
  respond: {
    schema: respondSchema,
    from: ['SIGNED'],
    roles: ['handler'],
    path: 'respond',
    summary: '响应 Record first contact with the citizen',
  },
  progress: {
    schema: progressSchema,
    from: ['RESPONDED', 'IN_PROGRESS'],
    roles: ['handler'],
    path: 'progress',
    summary: '办理 Add a progress note',
  },
  resolve: {
    schema: resolveSchema,
    from: ['RESPONDED', 'IN_PROGRESS'],
    roles: ['handler'],
    path: 'resolve',
    summary: '办结 Resolve and reply to the citizen',
  },
  review: {
    schema: reviewSchema,
    from: ['RESOLVED'],
    roles: ['dispatcher'],
    path: 'review',
    summary: '审核 Review a resolution (PASS or REDO)',
  },
  return: {
    schema: returnSchema,
    from: ['DISPATCHED', 'SIGNED'],
    roles: ['handler'],
    path: 'return',
    summary: '退单 Ask to return a request that is not this unit’s duty',
  },
  decideReturn: {
    schema: decideReturnSchema,
    from: ['RETURN_REQUESTED'],
    roles: ['dispatcher'],
    path: 'return/decision',
    summary: '退单审核 Approve or reject a return',
  },
  requestExtension: {
    schema: requestExtensionSchema,
    from: OPEN_HANDLING,
    roles: ['handler'],
    path: 'extension',
    summary: '延期申请 Ask for more time',
  },
  decideExtension: {
    schema: decideExtensionSchema,
    from: OPEN_HANDLING,
    roles: ['supervisor'],
    path: 'extension/decision',
    summary: '延期审批 Approve or reject an extension',
  },
  overrideDeadline: {
    schema: overrideDeadlineSchema,
    from: [...HANDLING_STATUSES, 'SUSPENDED'],
    roles: ['supervisor'],
    path: 'deadline',
    method: 'put',
    summary: '调整时限 Set the 办结 deadline',
  },
  escalate: {
    schema: escalateSchema,
    from: ['DISPATCHED', ...OPEN_HANDLING],
    roles: ['handler', 'dispatcher', 'supervisor'],
    path: 'escalate',
    summary: '上报 Escalate one rung up the 下呼上应 ladder',
  },
  pause: {
    schema: pauseSchema,
    from: ['IN_PROGRESS', 'RESPONDED'],
    roles: ['handler'],
    path: 'pause',
    summary: '暂停计时申请 Ask to stop the clock',
  },
  decidePause: {
    schema: decidePauseSchema,
    from: ['IN_PROGRESS', 'RESPONDED'],
    roles: ['supervisor'],
    path: 'pause/decision',
    summary: '暂停计时审批 Approve or reject a pause',
  },
  resume: {
    schema: resumeSchema,
    from: ['SUSPENDED'],
    roles: ['handler', 'supervisor'],
    path: 'resume',
    summary: '恢复计时 Restart the clock',
  },
  withdraw: {
    schema: withdrawSchema,
    from: ['RECEIVED', 'TRIAGED', ...HANDLING_STATUSES, 'SUSPENDED'],
    roles: ['intake'],
    path: 'withdraw',
    summary: '撤回 Withdraw the request',
  },
  callback: {
    schema: callbackSchema,
    from: ['CALLBACK'],
    roles: ['intake'],
    path: 'callback',
    summary: '回访/评价 Record a callback to the citizen',
  },
  whistle: {
    schema: whistleSchema,
    from: OPEN_HANDLING,
    roles: ['handler'],
    path: 'whistle',
    summary: '吹哨 Call departments to report (吹哨报到)',
  },
  report: {
    schema: reportSchema,
    // A department may report late, after the request was escalated or paused meanwhile.
    from: ['DISPATCHED', ...OPEN_HANDLING, 'SUSPENDED', 'RETURN_REQUESTED'],
    roles: ['handler'],
    path: 'reports',
    summary: '报到 Report as a whistled department',
    scope: 'whistledDepartment',
  },
  merge: {
    schema: mergeSchema,
    from: ['TRIAGED', 'DISPATCHED', ...OPEN_HANDLING],
    roles: ['dispatcher'],
    path: 'merge',
    summary: '合并 Merge a duplicate into its master request',
  },
  flagUnreasonable: {
    schema: flagUnreasonableSchema,
    from: ['RESOLVED', 'CALLBACK'],
    roles: ['dispatcher'],
    path: 'flag-unreasonable',
    summary: '不合理诉求 Flag the request as unreasonable',
  },
  decideUnreasonable: {
    schema: decideUnreasonableSchema,
    from: ['RESOLVED', 'CALLBACK'],
    roles: ['supervisor'],
    path: 'flag-unreasonable/decision',
    summary: '不合理诉求审核 Uphold or reject an unreasonable flag',
  },
  answer: {
    schema: answerSchema,
    from: ['TRIAGED'],
    roles: ['intake', 'dispatcher'],
    path: 'answer',
    summary: '直接答复 Answer directly from the 知识库',
  },
  dispatch: {
    schema: dispatchSchema,
    from: ['TRIAGED', 'DISPATCHED', 'SIGNED'],
    roles: ['dispatcher'],
    path: 'dispatch',
    summary: '派单 Dispatch or re-dispatch to a unit',
  },
  recheck: {
    schema: recheckSchema,
    from: ['RECHECK'],
    roles: ['intake'],
    path: 'recheck',
    summary: '督回访复查 Record the re-check callback',
  },
} satisfies Record<string, RequestActionSpec>;

/** The table with each entry's precise payload schema (for typed update definitions and parsing). */
export type RequestActionTable = typeof REQUEST_ACTION_TABLE;
export type RequestAction = keyof RequestActionTable & string;
/** The payload schema of one action. */
// (`& z.ZodType`: a generic index into the table is then still known to be a schema.)
export type RequestActionSchema<A extends RequestAction> = RequestActionTable[A]['schema'] & z.ZodType;

export const REQUEST_ACTIONS: readonly RequestAction[] = actionNames(REQUEST_ACTION_TABLE);

/**
 * The entries as a mapped type: indexed with a generic action, it keeps that action's own
 * payload schema (the literal table gives the union of all of them), so code written once for
 * every action (the API's executor) parses and sends each payload with its precise type.
 */
export const REQUEST_ACTION_PAYLOADS: { readonly [A in RequestAction]: Pick<RequestActionTable[A], 'schema'> } =
  REQUEST_ACTION_TABLE;

/** The same entries read through the common shape (states, roles, paths as plain lists). */
export const REQUEST_ACTION_SPECS: Readonly<Record<RequestAction, RequestActionSpec>> = REQUEST_ACTION_TABLE;

export function allowedActions(status: RequestStatus): RequestAction[] {
  return REQUEST_ACTIONS.filter((a) => REQUEST_ACTION_SPECS[a].from.includes(status));
}

export function isActionAllowed(action: RequestAction, status: RequestStatus): boolean {
  return REQUEST_ACTION_SPECS[action].from.includes(status);
}
