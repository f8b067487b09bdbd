/**
 * In-memory activities for the workflow tests: the whole `Activities` interface, with a fixed
 * plan, a three-rung org ladder, the weekday calendar of stub-calendar.ts, and logs of what the
 * workflows recorded and sent. Each log entry carries the instant the workflow scheduled the
 * activity in the test server's (skipped) time.
 */
import { Context } from '@temporalio/activity';
import type { Activities } from '../../activities';
import { DEFAULT_TIME_LIMITS } from '../../domain/catalogue-defaults';
import type { UnitRef } from '../../domain/shared/org';
import type {
  CatalogueTopic,
  ConsultationArchiveRecord,
  ConsultationEventRecord,
  ConsultationNotification,
} from '../../workflows/consultations/definitions';
import type { RequestPlan, TimelineEvent } from '../../workflows/requests/definitions';
import type { NotificationRequest } from '../../workflows/shared/definitions';
import { stubInstant } from './stub-calendar';

/** 社区 → 街道 → 区指挥中心, and two 职能部门 a street can whistle: the tiny org tree the stubs know. */
export const UNITS: Record<string, UnitRef> = {
  'C-DFX': { code: 'C-DFX', name: '多福巷社区', tier: 'COMMUNITY', parentCode: 'S-DHM' },
  'S-DHM': { code: 'S-DHM', name: '东华门街道', tier: 'STREET', parentCode: 'D-DC' },
  'D-DC': { code: 'D-DC', name: '东城区指挥中心', tier: 'DISTRICT', parentCode: null },
  'DEP-CG': { code: 'DEP-CG', name: '区城管执法局', tier: 'DEPARTMENT', parentCode: 'D-DC' },
  'DEP-ZJ': { code: 'DEP-ZJ', name: '区住建委', tier: 'DEPARTMENT', parentCode: 'D-DC' },
};

/** Every request goes to the street with the catalogue's default limits for 一般 (办结 7 days). */
export const PLAN: RequestPlan = {
  categoryName: '施工噪音',
  dispatchUnit: UNITS['S-DHM']!,
  limits: DEFAULT_TIME_LIMITS.GENERAL,
};

const TOPIC: CatalogueTopic = {
  code: 'RENOVATION',
  name: '老旧小区改造',
  allowed: true,
  description: '五议范围',
  requiredCategories: [],
};

/** When the workflow scheduled the running activity (server time: skipped time included). */
const scheduledAt = () => new Date(Context.current().info.currentAttemptScheduledTimestampMs).toISOString();

export interface StubLog {
  events: TimelineEvent[];
  notifications: (NotificationRequest & { at: string })[];
  consultationEvents: ConsultationEventRecord[];
  consultationNotifications: (ConsultationNotification & { at: string })[];
  archives: ConsultationArchiveRecord[];
}

export function createStubActivities(): { activities: Activities; log: StubLog } {
  const log: StubLog = { events: [], notifications: [], consultationEvents: [], consultationNotifications: [], archives: [] };
  // Retried activities must not log twice: keyed like the real outbox and read model.
  const seen = new Set<string>();
  const once = (key: string, write: () => void) => {
    if (seen.has(key)) return;
    seen.add(key);
    write();
  };

  const activities: Activities = {
    // Real time: the time-skipping server makes week-long limits pass in milliseconds.
    async clockScale() {
      return 1;
    },
    async planRequest() {
      return PLAN;
    },
    async findEscalationTarget(unitCode) {
      const parent = UNITS[unitCode]?.parentCode;
      return parent ? UNITS[parent]! : null;
    },
    async findUnit(unitCode) {
      return UNITS[unitCode] ?? null;
    },
    async computeSla(specs) {
      return { instants: specs.map(stubInstant), calendarVersion: 'stub-weekdays' };
    },
    async recordEvents(events) {
      for (const event of events) once(`request:${event.requestId}:${event.seq}`, () => log.events.push(event));
    },
    async notify(n) {
      once(n.idempotencyKey, () => log.notifications.push({ ...n, at: scheduledAt() }));
      return 'delivered';
    },
    async alertProvisionalCalendar() {
      throw new Error('the stub calendar covers every date: no provisional deadlines');
    },
    async recordConsultationEvent(event) {
      once(`item:${event.itemId}:${event.seq}`, () => log.consultationEvents.push(event));
    },
    async notifyConsultation(n) {
      once(n.idempotencyKey, () => log.consultationNotifications.push({ ...n, at: scheduledAt() }));
      return 'delivered';
    },
    async findConsultationTopic(_community, topicCode) {
      return topicCode === TOPIC.code ? TOPIC : null;
    },
    async routeConsultationToRequest() {
      throw new Error('not used by the workflow tests');
    },
    async linkedRequestInfo() {
      return null;
    },
    async awardConsultationPoints(input) {
      return { awarded: input.awards.length, alreadyAwarded: 0 };
    },
    async writeConsultationArchive(record) {
      log.archives.push(record);
      return { result: 'written', contentHash: `stub-${record.itemId}` };
    },
  };
  return { activities, log };
}
