import { createHash, randomBytes } from 'node:crypto';
import { Prisma, type ConsultationItem, type PrismaClient } from '@prisma/client';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { z } from 'zod';
import { CONSULTATION_STATUSES } from '../../domain/consultations/model';
import {
  allowedConsultationActions,
  CONSULTATION_ACTION_PAYLOADS,
  CONSULTATION_ACTION_SPECS,
  CONSULTATION_ACTION_TABLE,
  CONSULTATION_ACTIONS,
  notForConsultationReasonSchema,
  type ConsultationAction,
  type ConsultationActionSchema,
} from '../../domain/consultations/actions';
import type { StoredRouting } from '../../activities/consultations/activities';
import { CONSULTATION_ACTION_UPDATES, type ConsultationView } from '../../workflows/consultations/definitions';
import { acceptUpdate } from '../../workflows/requests/definitions';
import { consultationActionsFor, narrowDetails } from '../auth/allowed-actions';
import { httpErrorFromTemporal } from '../temporal-errors';
import type { Principal } from '../auth/tokens';
import { HttpError } from '../errors';
import { localDateOf } from '../../domain/shared/time';
import { parseOr400 } from '../validate';
import { loadVisibleItem } from '../services/consultation-queries';
import { assertTerritorial } from '../services/territorial';
import { consultationViewFor } from '../requests/view-for-caller';

export interface ConsultationActionDeps {
  prisma: PrismaClient;
  temporal: Client;
}

/** Maps the workflow's refusal of an update to the API's answers (as for requests). */
export function consultationHttpError(err: unknown, item: ConsultationItem): HttpError | undefined {
  return httpErrorFromTemporal(err, item.id, item.status, 'consultation item');
}

/**
 * 定 → 接诉即办: the routing details (address, citizen) are stored on the item row, never sent to
 * the workflow; the workflow gets the category, type and urgency only.
 */
async function prepareScreen(prisma: PrismaClient, row: ConsultationItem, body: z.output<typeof CONSULTATION_ACTION_TABLE.screen.body>) {
  await assertReasonForRefusal(prisma, row, body);
  const route = body.routeToRequest;
  if (!route) return { topicCode: body.topicCode, note: body.note };
  const [category, unit] = await Promise.all([
    prisma.category.findUnique({ where: { code: route.categoryCode } }),
    prisma.unit.findUnique({ where: { code: route.location.unitCode } }),
  ]);
  const problems = [];
  if (!category || !category.active) {
    problems.push({ field: 'routeToRequest.categoryCode', message: `unknown or inactive category ${route.categoryCode}` });
  }
  if (!unit) problems.push({ field: 'routeToRequest.location.unitCode', message: `unknown unit ${route.location.unitCode}` });
  if (problems.length) throw new HttpError(422, 'UNKNOWN_REFERENCE', 'the hand-over refers to unknown data', problems);
  if (unit) assertTerritorial(unit, 'routeToRequest.location.unitCode');
  if (!route.citizen && !(row.proposerName && row.proposerPhone)) {
    throw new HttpError(400, 'INVALID_INPUT', 'routeToRequest.citizen is required: the item has no proposer name and phone', [
      { field: 'routeToRequest.citizen', message: 'required when the item has no proposer contact', code: 'custom' },
    ]);
  }
  const routing: StoredRouting = { description: route.description, location: route.location, citizen: route.citizen };
  await prisma.consultationItem.update({
    where: { id: row.id },
    data: { routing: JSON.parse(JSON.stringify(routing)) as Prisma.InputJsonValue },
  });
  return {
    topicCode: body.topicCode,
    note: body.note,
    routeToRequest: { categoryCode: route.categoryCode, type: route.type, urgency: route.urgency },
  };
}

/** 不议 needs a reason: checked here against the catalogue, before anything reaches the workflow. */
async function assertReasonForRefusal(prisma: PrismaClient, row: ConsultationItem, body: z.output<typeof CONSULTATION_ACTION_TABLE.screen.body>) {
  const topic = await prisma.consultationTopic.findUnique({
    where: { communityCode_code: { communityCode: row.communityCode, code: body.topicCode } },
  });
  if (!topic || topic.allowed) return; // an unknown topic is the workflow's 422 (unknownTopic)
  const reason = notForConsultationReasonSchema.safeParse(body);
  if (reason.success) return;
  throw new HttpError(422, 'RULE_VIOLATION', `topic ${topic.code} may not be consulted (不议): give the reason in note`, {
    rule: 'reasonRequired',
    field: 'note',
    topic: topic.code,
  });
}

async function assertRequestReferences(prisma: PrismaClient, categoryCode: string, unitCode: string, prefix: string) {
  const [category, unit] = await Promise.all([
    prisma.category.findUnique({ where: { code: categoryCode } }),
    prisma.unit.findUnique({ where: { code: unitCode } }),
  ]);
  const problems = [];
  if (!category || !category.active) problems.push({ field: `${prefix}categoryCode`, message: `unknown or inactive category ${categoryCode}` });
  if (!unit) problems.push({ field: `${prefix}location.unitCode`, message: `unknown unit ${unitCode}` });
  if (problems.length) throw new HttpError(422, 'UNKNOWN_REFERENCE', 'the request refers to unknown data', problems);
  if (unit) assertTerritorial(unit, `${prefix}location.unitCode`);
}

/**
 * 办 → 接诉即办: writes the Request row of a unit task (personal data stays in PostgreSQL); the
 * workflow then starts the request's workflow from the row. Its key names the item.
 */
async function prepareDispatch(
  prisma: PrismaClient,
  row: ConsultationItem,
  body: z.output<typeof CONSULTATION_ACTION_TABLE.dispatchRequest.body>,
  createdBy: string,
): Promise<string> {
  await assertRequestReferences(prisma, body.categoryCode, body.location.unitCode, '');
  const receivedAt = new Date();
  const data = {
    categoryCode: body.categoryCode,
    type: body.type,
    urgency: body.urgency,
    channel: 'OTHER',
    description: `[社区议事协商 ${row.id} 落实任务] ${body.description}`.slice(0, 4000),
    locationUnitCode: body.location.unitCode,
    address: body.location.address,
    citizenName: body.contact.name,
    citizenPhone: body.contact.phone,
  };
  const request = await prisma.request.create({
    data: {
      id: `REQ-${localDateOf(receivedAt).replace(/-/g, '')}-${randomBytes(4).toString('hex').toUpperCase()}`,
      idempotencyKey: `consultation:${row.id}:task:${randomBytes(8).toString('hex')}`,
      fingerprint: createHash('sha256').update(JSON.stringify(data)).digest('hex'),
      ...data,
      status: 'RECEIVED',
      createdBy,
      receivedAt,
    },
  });
  return request.id;
}

/** What an action's API step works with: the caller and the item row it acts on. */
interface StepContext {
  deps: ConsultationActionDeps;
  row: ConsultationItem;
  who: Principal;
  action: ConsultationAction;
}

/** The workflow payload an API step produced, and the unit task's Request row it wrote, if any. */
interface Prepared {
  input: unknown;
  taskRequestId?: string;
}

/** Parses the body first (400 before 403/404), runs the step once the item row is loaded. */
interface ApiStep {
  parse(body: unknown): (ctx: StepContext) => Promise<Prepared>;
}

const apiStep = <B extends z.ZodType>(body: B, run: (ctx: StepContext, parsed: z.output<B>) => Promise<Prepared>): ApiStep => ({
  parse: (raw) => {
    const parsed = parseOr400(body, raw);
    return (ctx) => run(ctx, parsed);
  },
});

/** Most actions send the workflow what the caller sent. */
const asSent = (schema: z.ZodType): ApiStep => apiStep(schema, async (_ctx, parsed) => ({ input: parsed }));

/**
 * Actions whose body (the table entry's `body`) carries personal details: the API stores them
 * in PostgreSQL and sends the workflow the rest.
 */
const API_STEPS: Partial<Record<ConsultationAction, ApiStep>> = {
  screen: apiStep(CONSULTATION_ACTION_TABLE.screen.body, async ({ deps, row }, body) => ({
    input: await prepareScreen(deps.prisma, row, body),
  })),
  dispatchRequest: apiStep(CONSULTATION_ACTION_TABLE.dispatchRequest.body, async ({ deps, row, who, action }, body) => {
    // Checked before the Request row is written; the answer is the workflow's own 409 shape.
    const status = CONSULTATION_STATUSES.find((st) => st === row.status);
    if (!status || !CONSULTATION_ACTION_SPECS[action].from.includes(status)) {
      throw new HttpError(409, 'INVALID_STATE', `${action} is not allowed while the consultation item is ${row.status}`, {
        status: row.status,
        allowedActions: status ? consultationActionsFor(who, allowedConsultationActions(status)) : [],
      });
    }
    const taskRequestId = await prepareDispatch(deps.prisma, row, body, who.subject);
    return { input: { requestId: taskRequestId }, taskRequestId };
  }),
};

/** The payload exactly as the workflow's schema reads it (what an API step built is checked too). */
const asPayload = <S extends z.ZodType>(schema: S, value: unknown): z.output<S> => schema.parse(value);

/**
 * Authorises, validates and forwards one step action to the item's workflow as an Update, all by
 * the action's table entry. The workflow decides whether the state and the rules allow it (409/422).
 */
export async function performConsultationAction<A extends ConsultationAction>(
  deps: ConsultationActionDeps,
  id: string,
  action: A,
  who: Principal,
  body: unknown,
): Promise<ConsultationView & { id: string }> {
  const spec = CONSULTATION_ACTION_SPECS[action];
  if (!spec.roles.includes(who.role)) {
    throw new HttpError(403, 'FORBIDDEN', `role ${who.role} may not ${action}`, { allowedRoles: spec.roles });
  }
  const payloadSchema: ConsultationActionSchema<A> = CONSULTATION_ACTION_PAYLOADS[action].schema;
  const step = (API_STEPS[action] ?? asSent(payloadSchema)).parse(body);
  const row = await loadVisibleItem(deps, id, who);
  const prepared = await step({ deps, row, who, action });
  const input = asPayload(payloadSchema, prepared.input);
  const taskRequestId = prepared.taskRequestId;
  let view: ConsultationView;
  try {
    view = await deps.temporal.workflow.getHandle(id).executeUpdate(CONSULTATION_ACTION_UPDATES[action], {
      args: [{ actor: { subject: who.subject, role: who.role, unitCode: who.unitCode }, input }],
    });
  } catch (err) {
    if (taskRequestId) await dropUnstartedRequest(deps, taskRequestId);
    const mapped = consultationHttpError(err, row);
    if (!mapped) throw err;
    // A refusal's details list what the state allows: what this caller could do instead.
    const narrow = (actions: ConsultationAction[]) => consultationActionsFor(who, actions);
    throw new HttpError(mapped.status, mapped.code, mapped.message, narrowDetails(mapped.details, narrow, CONSULTATION_ACTIONS));
  }
  if (taskRequestId) await awaitTaskDispatch(deps, taskRequestId);
  return consultationViewFor(who, view);
}

/**
 * The item's update returns once the request's workflow has started, before its 属地派单: the
 * Request row had no unit yet, so the unit it went to was refused ("outside your scope") when
 * it signed straight away. Answer after the dispatch, as request intake does. If Temporal does
 * not answer in time, the hand-over still stands (a retry would hand the task over twice): the
 * dispatch follows on its own.
 */
async function awaitTaskDispatch(deps: ConsultationActionDeps, requestId: string): Promise<void> {
  await deps.temporal.workflow
    .getHandle(requestId)
    .executeUpdate(acceptUpdate)
    .catch(() => undefined);
}

/** A refused unit task leaves no Request row behind, unless its workflow did start. */
async function dropUnstartedRequest(deps: ConsultationActionDeps, requestId: string): Promise<void> {
  try {
    await deps.temporal.workflow.getHandle(requestId).describe();
    return; // started: the request lives on
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) return;
  }
  await deps.prisma.request.delete({ where: { id: requestId } }).catch(() => undefined);
}
