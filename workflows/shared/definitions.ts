/**
 * What both workflows (requests and consultation items) share across the workflow boundary: the
 * caller of an action, notifications, SLA computations and the calendar signal.
 * Safe to import from workflow code (no Node modules).
 */
import { defineSignal } from '@temporalio/workflow';
import type { z } from 'zod';
import type { PauseInterval, TimeLimit } from '../../domain/shared/sla';

/** Who performs an action: taken from the caller's verified token by the API. */
export interface Actor {
  subject: string;
  role: string;
  unitCode?: string;
}

/**
 * What an action update carries: the verified caller and the payload as the API validated it
 * (defaults filled in). The workflow validates it again with the same schema.
 */
export interface ActionArgs<S extends z.ZodType> {
  actor: Actor;
  input: z.output<S>;
}

/** An admin loaded calendar days: waiting deadlines are counted again. */
export const calendarUpdatedSignal = defineSignal('calendarUpdated');

export type NotificationKind =
  | 'DISPATCHED'
  | 'REMINDER_50'
  | 'URGE_75'
  | 'SUPERVISION_ORDER'
  | 'PUBLIC_NOTICE'
  | 'ESCALATED'
  | 'CALLBACK_TASK'
  | 'EXTENSION_DECIDED'
  | 'CALENDAR_GAP'
  | 'CALENDAR_PROVISIONAL'
  | 'SIGN_OVERDUE'
  | 'WHISTLE'
  | 'REPORT_OVERDUE'
  | 'RECHECK_TASK';

export interface NotificationRequest {
  /** Stable across retries and replays: `${requestId}:${kind}:${seq}`. */
  idempotencyKey: string;
  requestId: string;
  kind: NotificationKind;
  recipientUnitCode: string | null;
  message: string;
  data?: Record<string, unknown>;
}

/**
 * One instant to compute. `origin` anchors time compression (drills and tests): every instant is
 * mapped into one virtual timeline from it, so a deadline computed earlier maps back to where the
 * calendar put it. Defaults to the spec's own start or instant.
 */
export type SlaSpec =
  | {
      kind: 'due';
      start: string;
      limit: TimeLimit;
      pauses?: PauseIntervalJson[];
      fraction?: number;
      scale?: number;
      origin?: string;
    }
  | { kind: 'workdaysAfter'; instant: string; workdays: number; scale?: number; origin?: string }
  | { kind: 'nextWorkdayStart'; instant: string; scale?: number; origin?: string };

/** What the SLA activity answers: one instant per spec, and which of them are provisional. */
export interface SlaResult {
  instants: (string | null)[];
  calendarVersion: string;
  /** Per instant: computed past the calendar's data with the provisional Monday–Friday rule. Absent when none is. */
  provisional?: boolean[];
  /** Last date the loaded calendar data covers (present with `provisional`). */
  coveredUntil?: string;
}

export interface PauseIntervalJson {
  from: string;
  to?: string;
}

export type { PauseInterval };
