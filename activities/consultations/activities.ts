import { createHash, randomBytes } from 'node:crypto';
import { Prisma, type PrismaClient } from '@prisma/client';
import { ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import { catalogueTopicOf } from '../../domain/consultations/views';
import { awardKey, parsePointsConfig, uniqueAwards, type PointsConfig } from '../../domain/consultations/points';
import { REQUEST_TYPES, URGENCIES, type RequestType, type Urgency } from '../../domain/requests/model';
import { localDateOf } from '../../domain/shared/time';
import { nextLink } from '../../infra/archive-chain';
import { archiveKeysFromEnv, type ArchiveKeys } from '../../infra/archive-keys';
import type {
  AwardPointsInput,
  CatalogueTopic,
  ConsultationArchiveRecord,
  ConsultationEventRecord,
  ConsultationNotification,
  ConsultationProjection,
} from '../../workflows/consultations/definitions';
import type { NotificationKind } from '../../workflows/shared/definitions';
import type { NotificationChannel } from '../shared/channels/channel';
import { createNotificationActivities } from '../shared/notifications';

const toDate = (iso: string | null) => (iso ? new Date(iso) : null);

/** What the API stored on the item for a hand-over to 接诉即办 (personal data: PostgreSQL only). */
export const storedRoutingSchema = z.object({
  description: z.string().optional(),
  location: z.object({ unitCode: z.string(), address: z.string() }),
  citizen: z.object({ name: z.string(), phone: z.string() }).optional(),
});
export type StoredRouting = z.infer<typeof storedRoutingSchema>;

export interface RouteToRequestInput {
  itemId: string;
  route: { categoryCode: string; type: string; urgency: string };
}

/** What the workflow needs to start the request's workflow (no personal data). */
export interface RoutedRequest {
  requestId: string;
  categoryCode: string;
  type: RequestType;
  urgency: Urgency;
  locationUnitCode: string;
  receivedAt: string;
  /** The subject who collected the item (or wrote the task): the request's RECEIVED actor. */
  createdBy?: string;
  created: boolean;
}

import { canonicalJson } from '../../domain/shared/canonical-json';

export { canonicalJson };

const isUniqueViolation = (err: unknown) => err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';

export interface ConsultationActivityOptions {
  /** 治理积分 values; default: DEFAULT_POINTS overridden by HUIYING_POINTS_JSON. */
  points?: PointsConfig;
  /** The keys that sign the archive chain; default: from the environment (infra/archive-keys.ts). */
  archiveKeys?: ArchiveKeys;
}

/** Advisory lock (hashed name) that orders the writers of the archive chain's tail. */
const ARCHIVE_CHAIN_LOCK = 'huiying.archive-chain';

/** Activities of the consultation workflow: read model, notices, catalogue, 接诉即办 hand-over, points, archive. */
export function createConsultationActivities(
  prisma: PrismaClient,
  channel: NotificationChannel,
  options: ConsultationActivityOptions = {},
) {
  const outbox = createNotificationActivities(prisma, channel);
  const points = options.points ?? parsePointsConfig(process.env.HUIYING_POINTS_JSON);
  const archiveKeys = options.archiveKeys ?? archiveKeysFromEnv();

  return {
    /** Appends one timeline event and moves the item row forward (idempotent by (item, seq)). */
    async recordConsultationEvent(event: ConsultationEventRecord, projection: ConsultationProjection): Promise<void> {
      await prisma.$transaction(async (tx) => {
        // INSERT … ON CONFLICT DO NOTHING: the runtime role may not UPDATE events (append-only).
        await tx.consultationEvent.createMany({
          skipDuplicates: true,
          data: {
            itemId: event.itemId,
            seq: event.seq,
            type: event.type,
            actor: event.actor,
            at: new Date(event.at),
            reason: event.reason ?? null,
            data: (event.data ?? {}) as Prisma.InputJsonValue,
          },
        });
        await tx.consultationItem.updateMany({
          where: { id: event.itemId, lastEventSeq: { lt: event.seq } },
          data: {
            lastEventSeq: event.seq,
            status: projection.status,
            step: projection.step,
            overdue: projection.overdue,
            deadline: toDate(projection.deadline),
            deadlinesProvisional: projection.deadlinesProvisional,
            meetingAt: toDate(projection.meetingAt),
            publicityEndsAt: toDate(projection.publicityEndsAt),
            ownerLabel: projection.ownerLabel,
            progressPercent: projection.progressPercent,
            noConsensusCount: projection.noConsensusCount,
            routedRequestId: projection.routedRequestId,
            outcome: projection.outcome,
          },
        });
      });
    },

    /**
     * Notices and reminders through the same outbox as requests (idempotent delivery). The
     * outbox's `kind` column is a free string; consultation kinds are their own union.
     */
    async notifyConsultation(n: ConsultationNotification): Promise<'delivered' | 'already-delivered'> {
      return outbox.notify({
        idempotencyKey: n.idempotencyKey,
        requestId: n.itemId,
        kind: n.kind as NotificationKind,
        recipientUnitCode: n.recipientUnitCode,
        message: n.message,
        data: { ...(n.data ?? {}), subject: 'consultation' },
      });
    },

    /** The community's 五议五不议 entry for a topic, or null when the catalogue has no such topic. */
    async findConsultationTopic(communityCode: string, topicCode: string): Promise<CatalogueTopic | null> {
      const row = await prisma.consultationTopic.findUnique({
        where: { communityCode_code: { communityCode, code: topicCode } },
      });
      return row && catalogueTopicOf(row);
    },

    /**
     * 定 → 接诉即办: inserts the Request row for a not-for-consultation item, once. The idempotency
     * key is derived from the item id, so a retried activity (or a replay) finds the row it wrote.
     * The workflow then starts the request's workflow as a child (see consultation-workflow.ts).
     */
    async routeConsultationToRequest(input: RouteToRequestInput): Promise<RoutedRequest> {
      const idempotencyKey = `consultation:${input.itemId}`;
      let row = await prisma.request.findUnique({ where: { idempotencyKey } });
      let created = false;
      if (!row) {
        const item = await prisma.consultationItem.findUnique({ where: { id: input.itemId } });
        if (!item) throw ApplicationFailure.nonRetryable(`unknown consultation item ${input.itemId}`, 'UnknownItem');
        const parsed = storedRoutingSchema.safeParse(item.routing);
        if (!parsed.success) {
          throw ApplicationFailure.nonRetryable(`item ${input.itemId} has no routing details`, 'RoutingIncomplete');
        }
        const routing = parsed.data;
        const citizen =
          routing.citizen ??
          (item.proposerName && item.proposerPhone ? { name: item.proposerName, phone: item.proposerPhone } : null);
        if (!citizen) throw ApplicationFailure.nonRetryable('no citizen to hand the request to', 'RoutingIncomplete');
        const type = (REQUEST_TYPES as readonly string[]).includes(input.route.type) ? input.route.type : '求助';
        const urgency = (URGENCIES as readonly string[]).includes(input.route.urgency) ? input.route.urgency : 'GENERAL';
        const description = routing.description ?? `${item.title}\n${item.description}`;
        const receivedAt = new Date();
        const data = {
          categoryCode: input.route.categoryCode,
          type,
          urgency,
          channel: 'OTHER',
          description: `[社区议事协商 ${item.id} 转接诉即办] ${description}`.slice(0, 4000),
          locationUnitCode: routing.location.unitCode,
          address: routing.location.address,
          citizenName: citizen.name,
          citizenPhone: citizen.phone,
        };
        try {
          row = await prisma.request.create({
            data: {
              id: `REQ-${localDateOf(receivedAt).replace(/-/g, '')}-${randomBytes(4).toString('hex').toUpperCase()}`,
              idempotencyKey,
              fingerprint: createHash('sha256').update(JSON.stringify(data)).digest('hex'),
              ...data,
              status: 'RECEIVED',
              createdBy: item.createdBy,
              receivedAt,
            },
          });
          created = true;
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
          row = await prisma.request.findUniqueOrThrow({ where: { idempotencyKey } });
        }
      }
      return {
        requestId: row.id,
        categoryCode: row.categoryCode,
        type: row.type as RequestType,
        urgency: row.urgency as Urgency,
        locationUnitCode: row.locationUnitCode,
        receivedAt: row.receivedAt.toISOString(),
        createdBy: row.createdBy,
        created,
      };
    },

    /**
     * 办 → 接诉即办: the Request row the API wrote for a unit task of this item (its idempotency key
     * names the item), as the workflow needs it to start the request's workflow.
     */
    async linkedRequestInfo(input: { itemId: string; requestId: string }): Promise<RoutedRequest | null> {
      const row = await prisma.request.findUnique({ where: { id: input.requestId } });
      if (!row || !row.idempotencyKey.startsWith(`consultation:${input.itemId}:task:`)) return null;
      return {
        requestId: row.id,
        categoryCode: row.categoryCode,
        type: row.type as RequestType,
        urgency: row.urgency as Urgency,
        locationUnitCode: row.locationUnitCode,
        receivedAt: row.receivedAt.toISOString(),
        createdBy: row.createdBy,
        created: false,
      };
    },

    /**
     * 治理积分: appends one entry per (resident, item, event); an award that exists already is
     * skipped, so retries and replays never award twice. Values come from configuration.
     */
    async awardConsultationPoints(input: AwardPointsInput): Promise<{ awarded: number; alreadyAwarded: number }> {
      const rows = uniqueAwards(input.awards)
        .filter((a) => points[a.event] > 0)
        .map((a) => ({
          residentId: a.residentId,
          itemId: input.itemId,
          event: a.event,
          points: points[a.event],
          awardKey: awardKey(a.residentId, input.itemId, a.event),
          reason: input.reason ?? null,
          createdBy: 'system',
        }));
      if (!rows.length) return { awarded: 0, alreadyAwarded: 0 };
      const { count } = await prisma.pointLedgerEntry.createMany({ data: rows, skipDuplicates: true });
      return { awarded: count, alreadyAwarded: rows.length - count };
    },

    /**
     * 备: writes the item's archive record once. The same content again is a no-op ('unchanged');
     * different content fails (ArchiveImmutable). The database refuses UPDATE and DELETE as well.
     */
    async writeConsultationArchive(
      record: ConsultationArchiveRecord,
    ): Promise<{ result: 'written' | 'unchanged'; contentHash: string }> {
      const item = await prisma.consultationItem.findUnique({ where: { id: record.itemId } });
      if (!item) throw ApplicationFailure.nonRetryable(`unknown consultation item ${record.itemId}`, 'UnknownItem');
      // The topic as collected (immutable fields only, so a retry builds the same content).
      const content = { ...record, topic: { title: item.title, description: item.description } };
      const json = canonicalJson(content);
      const contentHash = createHash('sha256').update(json).digest('hex');
      const sameOrRefuse = (existing: { contentHash: string }) => {
        if (existing.contentHash === contentHash) return { result: 'unchanged' as const, contentHash };
        throw ApplicationFailure.nonRetryable(
          `the archive record of ${record.itemId} is already written and cannot be changed`,
          'ArchiveImmutable',
          { existingHash: existing.contentHash, attemptedHash: contentHash },
        );
      };
      const existing = await prisma.consultationArchive.findUnique({ where: { itemId: record.itemId } });
      if (existing) return sameOrRefuse(existing);
      const keys = await archiveKeys();
      const archivedAt = new Date(record.archivedAt);
      try {
        // One writer at a time appends to the chain: the lock orders concurrent archive writes.
        await prisma.$transaction(async (tx) => {
          await tx.$queryRawUnsafe(`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext('${ARCHIVE_CHAIN_LOCK}'))) AS l`);
          const previous = await tx.consultationArchive.findFirst({
            where: { chainSeq: { not: null } },
            orderBy: { chainSeq: 'desc' },
            select: { chainSeq: true, recordHash: true },
          });
          const link = nextLink(
            previous ? { chainSeq: previous.chainSeq!, recordHash: previous.recordHash ?? '' } : null,
            { itemId: record.itemId, outcome: record.outcome, archivedAt, contentHash },
            keys,
          );
          await tx.consultationArchive.create({
            data: {
              itemId: record.itemId,
              contentHash,
              content: JSON.parse(json) as Prisma.InputJsonValue,
              outcome: record.outcome,
              archivedAt,
              ...link,
            },
          });
        });
        return { result: 'written', contentHash };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        return sameOrRefuse(await prisma.consultationArchive.findUniqueOrThrow({ where: { itemId: record.itemId } }));
      }
    },
  };
}

export type ConsultationActivities = ReturnType<typeof createConsultationActivities>;
