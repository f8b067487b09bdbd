import { createHash, randomBytes } from 'node:crypto';
import { Prisma, type PrismaClient } from '@prisma/client';
import {
  WithStartWorkflowOperation,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  type Client,
} from '@temporalio/client';
import type { CreateConsultationInput } from '../../domain/consultations/schemas';
import { localDateOf } from '../../domain/shared/time';
import { consultationAcceptUpdate, type ConsultationView } from '../../workflows/consultations/definitions';
import type { consultationWorkflow } from '../../workflows/consultations/consultation-workflow';
import { SA } from '../../workflows/requests/definitions';
import type { Principal } from '../auth/tokens';
import { forbidden, HttpError, unavailable } from '../errors';
import { inCommunityScope } from '../services/consultation-queries';

export interface ConsultationIntakeDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  recheckSamplePercent?: number;
}

/** 议题号: CON-<Beijing date>-<8 hex>. */
function newItemId(at: Date): string {
  return `CON-${localDateOf(at).replace(/-/g, '')}-${randomBytes(4).toString('hex').toUpperCase()}`;
}

const fingerprintOf = (input: CreateConsultationInput) => createHash('sha256').update(JSON.stringify(input)).digest('hex');

/**
 * 集: stores the item (personal data stays in PostgreSQL) and starts its workflow with
 * update-with-start, so the reply carries the take-up deadline. The same Idempotency-Key always
 * yields the same item.
 */
export async function collectItem(
  deps: ConsultationIntakeDeps,
  input: CreateConsultationInput,
  who: Principal,
  clientKey?: string,
): Promise<{ created: boolean; view: ConsultationView }> {
  await assertReferences(deps.prisma, input);
  if (!(await inCommunityScope(deps.prisma, who, input.communityCode))) {
    throw forbidden(`you may not collect items for community ${input.communityCode}`);
  }
  const fingerprint = fingerprintOf(input);
  const idempotencyKey = clientKey ? `client:${who.subject}:${clientKey}` : `server:${randomBytes(16).toString('hex')}`;

  let row = await deps.prisma.consultationItem.findUnique({ where: { idempotencyKey } });
  let created = false;
  if (!row) {
    const collectedAt = new Date();
    try {
      row = await deps.prisma.consultationItem.create({
        data: {
          id: newItemId(collectedAt),
          idempotencyKey,
          fingerprint,
          communityCode: input.communityCode,
          title: input.title,
          description: input.description,
          source: input.source,
          track: input.track,
          proposerResidentId: input.proposer?.residentId ?? null,
          proposerName: input.proposer?.name ?? null,
          proposerPhone: input.proposer?.phone ?? null,
          hotspotRequestIds: input.hotspotRequestIds ?? [],
          status: 'COLLECTED',
          step: '集',
          createdBy: who.subject,
          collectedAt,
        },
      });
      created = true;
    } catch (err) {
      if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
      row = await deps.prisma.consultationItem.findUniqueOrThrow({ where: { idempotencyKey } });
    }
  }
  if (row.fingerprint !== fingerprint) {
    throw new HttpError(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different body', {
      itemId: row.id,
    });
  }

  const start = new WithStartWorkflowOperation<typeof consultationWorkflow>('consultationWorkflow', {
    workflowId: row.id,
    taskQueue: deps.taskQueue,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    args: [
      {
        itemId: row.id,
        communityCode: row.communityCode,
        source: input.source,
        track: input.track,
        ...(row.proposerResidentId ? { proposerResidentId: row.proposerResidentId } : {}),
        ...(row.hotspotRequestIds.length ? { hotspotRequestIds: row.hotspotRequestIds } : {}),
        collectedAt: row.collectedAt.toISOString(),
        collectedBy: `${who.role}:${who.subject}${who.unitCode ? `@${who.unitCode}` : ''}`,
        ...(deps.recheckSamplePercent !== undefined ? { recheckSamplePercent: deps.recheckSamplePercent } : {}),
      },
    ],
    // Temporal UI shows no titles or names (they may carry personal data).
    staticSummary: `社区议事协商 · ${row.communityCode} · ${input.track === 'INSTANT' ? '即时议' : '深入议'} · ${input.source}`,
    staticDetails: `议题 **${row.id}** · 社区 ${row.communityCode} · 来源 ${input.source}`,
    typedSearchAttributes: [
      { key: SA.status, value: 'COLLECTED' },
      { key: SA.unit, value: row.communityCode },
    ],
  });
  try {
    const view = await deps.temporal.workflow.executeUpdateWithStart(consultationAcceptUpdate, { startWorkflowOperation: start });
    return { created, view };
  } catch (err) {
    if (isAlreadyClosed(err)) {
      const view = await deps.temporal.workflow.getHandle(row.id).query<ConsultationView>('consultationState');
      return { created: false, view };
    }
    if (created && !clientKey) {
      await deps.prisma.consultationItem.delete({ where: { id: row.id } }).catch(() => undefined);
    }
    throw unavailable('the workflow service did not accept the item; retry with the same Idempotency-Key', {
      itemId: clientKey ? row.id : null,
    });
  }
}

function isAlreadyClosed(err: unknown): boolean {
  const e = err as { name?: string; cause?: { name?: string } } | undefined;
  return e?.name === 'WorkflowExecutionAlreadyStartedError' || e?.cause?.name === 'WorkflowExecutionAlreadyStartedError';
}

async function assertReferences(prisma: PrismaClient, input: CreateConsultationInput): Promise<void> {
  const problems: { field: string; message: string }[] = [];
  const community = await prisma.unit.findUnique({ where: { code: input.communityCode } });
  if (!community || community.tier !== 'COMMUNITY') {
    problems.push({ field: 'communityCode', message: `${input.communityCode} is not a community` });
  }
  const ids = input.hotspotRequestIds ?? [];
  if (ids.length) {
    const found = await prisma.request.findMany({ where: { id: { in: ids } }, select: { id: true } });
    const known = new Set(found.map((r) => r.id));
    ids.forEach((id, i) => {
      if (!known.has(id)) problems.push({ field: `hotspotRequestIds.${i}`, message: `unknown request ${id}` });
    });
  }
  if (problems.length) throw new HttpError(422, 'UNKNOWN_REFERENCE', 'the item refers to unknown data', problems);
}
