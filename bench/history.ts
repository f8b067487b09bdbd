/**
 * Where a request's workflow spends its steps, from its Temporal history: workflow tasks, local
 * activities (markers) and activities by type, search-attribute upserts, timers, bytes. Snapshots
 * of one request after intake, after the override and after its OVERDUE give each step's share.
 */
import { Connection, type TLSConfig } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const { EventType } = temporal.api.enums.v1;

export interface HistoryShape {
  events: number;
  bytes: number;
  workflowTasks: number;
  localActivities: Map<string, number>;
  activities: Map<string, number>;
  upserts: number;
  timers: number;
}

function localActivityType(event: temporal.api.history.v1.IHistoryEvent): string {
  const data = event.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data;
  try {
    const parsed = JSON.parse(Buffer.from(data ?? []).toString('utf8')) as { activityType?: string; activity_type?: string };
    return parsed.activityType ?? parsed.activity_type ?? 'local activity';
  } catch {
    return 'local activity';
  }
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

export async function historyShape(endpoint: { address: string; tls?: TLSConfig }, workflowId: string): Promise<HistoryShape> {
  const connection = await Connection.connect({ address: endpoint.address, tls: endpoint.tls });
  try {
    const events: temporal.api.history.v1.IHistoryEvent[] = [];
    let bytes = 0;
    let nextPageToken: Uint8Array | undefined;
    do {
      const page = await connection.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId }, nextPageToken });
      bytes += temporal.api.history.v1.History.encode(page.history ?? {}).finish().length;
      events.push(...(page.history?.events ?? []));
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (nextPageToken);
    const shape: HistoryShape = { events: events.length, bytes, workflowTasks: 0, localActivities: new Map(), activities: new Map(), upserts: 0, timers: 0 };
    for (const e of events) {
      if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) shape.workflowTasks += 1;
      else if (e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED) bump(shape.localActivities, localActivityType(e));
      else if (e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) bump(shape.activities, e.activityTaskScheduledEventAttributes?.activityType?.name ?? '?');
      else if (e.eventType === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES) shape.upserts += 1;
      else if (e.eventType === EventType.EVENT_TYPE_TIMER_STARTED) shape.timers += 1;
    }
    return shape;
  } finally {
    await connection.close();
  }
}

const minus = (a: Map<string, number>, b: Map<string, number>) =>
  new Map([...a].map(([k, v]) => [k, v - (b.get(k) ?? 0)] as const).filter(([, v]) => v > 0));

/** What happened between two snapshots of one history. */
export function delta(later: HistoryShape, earlier?: HistoryShape): HistoryShape {
  if (!earlier) return later;
  return {
    events: later.events - earlier.events,
    bytes: later.bytes - earlier.bytes,
    workflowTasks: later.workflowTasks - earlier.workflowTasks,
    localActivities: minus(later.localActivities, earlier.localActivities),
    activities: minus(later.activities, earlier.activities),
    upserts: later.upserts - earlier.upserts,
    timers: later.timers - earlier.timers,
  };
}

const list = (m: Map<string, number>) => [...m].map(([k, v]) => `${k}×${v}`).join(' ') || '–';

export function describe(s: HistoryShape): string {
  return `${s.events} events, ${(s.bytes / 1024).toFixed(1)} KiB, ${s.workflowTasks} workflow tasks, local activities ${list(s.localActivities)}; activities ${list(s.activities)}; ${s.upserts} search-attribute upserts, ${s.timers} timers`;
}
