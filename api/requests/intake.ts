import { createHash, randomBytes } from 'node:crypto';
import { Prisma, type PrismaClient } from '@prisma/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { CreateRequestInput } from '../../domain/requests/schemas';
import { localDateOf } from '../../domain/shared/time';
import { acceptUpdate, SA, type RequestView } from '../../workflows/requests/definitions';
import type { requestWorkflow } from '../../workflows/requests/request-workflow';
import { HttpError, unavailable } from '../errors';
import { assertTerritorial } from '../services/territorial';

export interface IntakeDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  recheckSamplePercent?: number;
}

export interface IntakeResult {
  created: boolean;
  view: RequestView;
}

/** 工单号: REQ-<Beijing date>-<8 hex>, unique and readable on the phone. */
function newRequestId(receivedAt: Date): string {
  return `REQ-${localDateOf(receivedAt).replace(/-/g, '')}-${randomBytes(4).toString('hex').toUpperCase()}`;
}

const fingerprintOf = (input: CreateRequestInput) => createHash('sha256').update(JSON.stringify(input)).digest('hex');

/**
 * 受理: stores what the citizen said (personal data stays in PostgreSQL), then starts the
 * workflow with update-with-start so the reply carries the dispatch unit and deadlines.
 * The same Idempotency-Key always yields the same request, even under concurrent posts.
 */
export async function acceptRequest(
  deps: IntakeDeps,
  input: CreateRequestInput,
  createdBy: string,
  clientKey?: string,
): Promise<IntakeResult> {
  await assertReferences(deps.prisma, input);
  const fingerprint = fingerprintOf(input);
  // Keys are scoped to the caller, as payment APIs scope them to an account.
  const idempotencyKey = clientKey ? `client:${createdBy}:${clientKey}` : `server:${randomBytes(16).toString('hex')}`;

  let row = await deps.prisma.request.findUnique({ where: { idempotencyKey } });
  let created = false;
  if (!row) {
    const receivedAt = new Date();
    try {
      row = await deps.prisma.request.create({
        data: {
          id: newRequestId(receivedAt),
          idempotencyKey,
          fingerprint,
          categoryCode: input.categoryCode,
          type: input.type,
          urgency: input.urgency,
          channel: input.channel,
          description: input.description,
          locationUnitCode: input.location.unitCode,
          address: input.location.address,
          citizenName: input.citizen.name,
          citizenPhone: input.citizen.phone,
          publicDescriptionConsent: input.publishDescription,
          status: 'RECEIVED',
          createdBy,
          receivedAt,
        },
      });
      created = true;
    } catch (err) {
      // A concurrent post with the same key won the insert: use its row.
      if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
      row = await deps.prisma.request.findUniqueOrThrow({ where: { idempotencyKey } });
    }
  }
  // Keys are per caller: another caller's key never reveals or returns someone else's request.
  if (row.createdBy !== createdBy) {
    throw new HttpError(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used by another caller');
  }
  if (row.fingerprint !== fingerprint) {
    throw new HttpError(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different body', {
      requestId: row.id,
    });
  }

  const category = await deps.prisma.category.findUniqueOrThrow({ where: { code: row.categoryCode } });
  const startOperation = new WithStartWorkflowOperation<typeof requestWorkflow>('requestWorkflow', {
    workflowId: row.id,
    taskQueue: deps.taskQueue,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    args: [
      {
        requestId: row.id,
        categoryCode: row.categoryCode,
        type: input.type,
        urgency: input.urgency,
        channel: input.channel,
        locationUnitCode: row.locationUnitCode,
        receivedAt: row.receivedAt.toISOString(),
        receivedBy: row.createdBy,
        ...(deps.recheckSamplePercent !== undefined ? { recheckSamplePercent: deps.recheckSamplePercent } : {}),
      },
    ],
    // What auditors see in Temporal UI's list and header: no names, phones or addresses.
    staticSummary: `${category.name} · ${input.type} · ${input.urgency}`,
    staticDetails: `工单 **${row.id}** · 渠道 ${input.channel} · 事项 ${category.code} · 位置单元 ${row.locationUnitCode}`,
    typedSearchAttributes: [
      { key: SA.status, value: 'RECEIVED' },
      { key: SA.category, value: row.categoryCode },
      { key: SA.urgency, value: input.urgency },
    ],
  });
  try {
    const view = await deps.temporal.workflow.executeUpdateWithStart(acceptUpdate, {
      startWorkflowOperation: startOperation,
    });
    return { created, view };
  } catch (err) {
    if (isAlreadyClosed(err)) {
      // The key was replayed after the request finished: answer from the live query instead.
      const view = await deps.temporal.workflow.getHandle(row.id).query<RequestView>('state');
      return { created: false, view };
    }
    if (created && !clientKey) {
      // The caller cannot retry this exact request (no key), so do not keep a row without a workflow.
      await deps.prisma.request.delete({ where: { id: row.id } }).catch(() => undefined);
    }
    throw unavailable('the workflow service did not accept the request; retry with the same Idempotency-Key', {
      requestId: clientKey ? row.id : null,
    });
  }
}

function isAlreadyClosed(err: unknown): boolean {
  const e = err as { name?: string; cause?: { name?: string } } | undefined;
  return e?.name === 'WorkflowExecutionAlreadyStartedError' || e?.cause?.name === 'WorkflowExecutionAlreadyStartedError';
}

async function assertReferences(prisma: PrismaClient, input: CreateRequestInput): Promise<void> {
  const [category, unit] = await Promise.all([
    prisma.category.findUnique({ where: { code: input.categoryCode } }),
    prisma.unit.findUnique({ where: { code: input.location.unitCode } }),
  ]);
  const problems = [];
  if (!category || !category.active) {
    problems.push({ field: 'categoryCode', message: `unknown or inactive category ${input.categoryCode}` });
  }
  if (!unit) problems.push({ field: 'location.unitCode', message: `unknown unit ${input.location.unitCode}` });
  if (problems.length) throw new HttpError(422, 'UNKNOWN_REFERENCE', 'the request refers to unknown data', problems);
  if (unit) assertTerritorial(unit, 'location.unitCode');
}
