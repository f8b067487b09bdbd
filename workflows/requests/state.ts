/**
 * The request workflow's state and the pure functions over it: the view clients see, the
 * projection written to PostgreSQL, and the search attributes auditors filter on.
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { UnitRef } from '../../domain/shared/org';
import {
  FINAL_STATUSES,
  HANDLING_STATUSES,
  STATUS_LABELS,
  type RequestStatus,
  type Satisfaction,
} from '../../domain/requests/model';
import { allowedActions, REQUEST_ACTION_SPECS } from '../../domain/requests/actions';
import type { TimeLimit } from '../../domain/shared/sla';
import { beijingTime } from '../../domain/shared/time';
import { holdsProvisional, pickFields, type ProvisionalLedger } from '../shared/provisional-deadlines';
import { SA, type Deadlines, type RequestPlan, type RequestProjection, type RequestView, type RequestWorkflowInput, type SupervisionSchedule } from './definitions';

export interface RequestState {
  input: RequestWorkflowInput;
  plan: RequestPlan | null;
  status: RequestStatus;
  /** Where a rejected return or a resume goes back to. */
  previousStatus: RequestStatus | null;
  unit: UnitRef | null;
  street: string | null;
  dispatchedAt: string | null;
  deadlines: Deadlines;
  /** Set by a supervisor's override or an approved extension; replaces the computed deadline. */
  resolveOverride: string | null;
  /** True once dispatched with deadlines: the create call's update returns then. */
  accepted: boolean;
  /** 督办 checkpoints of the current handling cycle's completion clock. */
  schedule: SupervisionSchedule | null;
  overdue: boolean;
  escalationLevel: number;
  /** 0 none, 1 reminder (50 %), 2 催办 (75 %), 3 督办单 (breach), 4 通报 (breach + 5 WD). */
  supervisionLevel: number;
  pauses: { from: string; to?: string }[];
  cycle: number;
  cycleStartedAt: string;
  extensionsApproved: number;
  pendingExtension: { amount: number; unit: 'hour' | 'workday'; reason: string; by: string } | null;
  pendingReturn: { reason: string; basis: string; fromUnit: string; by: string } | null;
  pendingPause: { reason: string; by: string } | null;
  returnsByUnit: Record<string, number>;
  callback: { firstAttemptAt: string; windowEndsAt: string; attempts: number; taskSent: number } | null;
  resolved: boolean | null;
  satisfaction: Satisfaction | null;
  flaggedForTaskForce: boolean;
  statusNotes: string | null;
  signOverdueRecorded: boolean;
  /** 吹哨报到: departments whose child workflow has not reported yet, and the whistle round. */
  pendingReports: string[];
  whistleRound: number;
  /** 合并: duplicates attached to this master, or the master this request was merged into. */
  duplicates: string[];
  mergedInto: string | null;
  pendingUnreasonable: { category: string; reason: string; by: string } | null;
  excludedFromRates: boolean;
  recheck: { dueAt: string; windowEndsAt: string | null; taskSent: boolean } | null;
  lastError: string | null;
  /** The worker's clock scale read at the start (drills and tests); absent = 1, real time. */
  clockScale?: number;
  /**
   * Deadlines counted past the calendar's data, with what produced them (recounted when the year
   * is loaded). Absent in requests started before provisional counting existed.
   */
  provisional?: ProvisionalLedger | null;
  /** Set by the calendarUpdated signal: the main loop recounts provisional deadlines. */
  calendarNudged?: boolean;
  /** Last timeline sequence number used; events are numbered 1, 2, 3… */
  seq: number;
  /** Bumped on every change that can move a timer; the main loop wakes on it. */
  version: number;
}

export function initialState(input: RequestWorkflowInput): RequestState {
  return {
    input,
    plan: null,
    status: 'RECEIVED',
    previousStatus: null,
    unit: null,
    street: null,
    dispatchedAt: null,
    deadlines: {},
    schedule: null,
    resolveOverride: null,
    accepted: false,
    overdue: false,
    escalationLevel: 0,
    supervisionLevel: 0,
    pauses: [],
    cycle: 0,
    cycleStartedAt: input.receivedAt,
    extensionsApproved: 0,
    pendingExtension: null,
    pendingReturn: null,
    pendingPause: null,
    returnsByUnit: {},
    callback: null,
    resolved: null,
    satisfaction: null,
    flaggedForTaskForce: false,
    statusNotes: null,
    signOverdueRecorded: false,
    pendingReports: [],
    whistleRound: 0,
    duplicates: [],
    mergedInto: null,
    pendingUnreasonable: null,
    excludedFromRates: false,
    recheck: null,
    lastError: null,
    seq: 0,
    version: 0,
  };
}

export const isFinal = (s: RequestState) => FINAL_STATUSES.includes(s.status);
export const isPaused = (s: RequestState) => s.status === 'SUSPENDED';
export const clockRunning = (s: RequestState) => HANDLING_STATUSES.includes(s.status);

/** Every field that holds a computed deadline (what a recount may move). */
export const REQUEST_DEADLINE_KEYS = ['deadlines', 'schedule', 'resolveOverride', 'callback', 'recheck'] as const;

/** The deadlines as clients see them: with the provisional mark while any current one is. */
export function deadlinesView(s: RequestState): Deadlines {
  if (!holdsProvisional(s.provisional, pickFields(s, REQUEST_DEADLINE_KEYS))) return { ...s.deadlines, provisional: false };
  return { ...s.deadlines, provisional: true, calendarCoveredUntil: s.provisional!.coveredUntil };
}

export function limitOf(s: RequestState, clock: keyof RequestPlan['limits']): TimeLimit | undefined {
  return s.plan?.limits[clock];
}

export function view(s: RequestState): RequestView {
  return {
    requestId: s.input.requestId,
    status: s.status,
    statusLabel: STATUS_LABELS[s.status],
    unit: s.unit,
    deadlines: deadlinesView(s),
    overdue: s.overdue,
    escalationLevel: s.escalationLevel,
    supervisionLevel: s.supervisionLevel,
    paused: isPaused(s),
    pauses: s.pauses,
    cycle: s.cycle,
    extensionsApproved: s.extensionsApproved,
    pendingExtension: s.pendingExtension
      ? { amount: s.pendingExtension.amount, unit: s.pendingExtension.unit, reason: s.pendingExtension.reason }
      : null,
    pendingReturn: s.pendingReturn
      ? { reason: s.pendingReturn.reason, basis: s.pendingReturn.basis, fromUnit: s.pendingReturn.fromUnit }
      : null,
    pendingPause: s.pendingPause ? { reason: s.pendingPause.reason } : null,
    returnsByUnit: s.returnsByUnit,
    flaggedForTaskForce: s.flaggedForTaskForce,
    pendingReports: s.pendingReports,
    duplicates: s.duplicates,
    mergedInto: s.mergedInto,
    pendingUnreasonable: s.pendingUnreasonable
      ? { category: s.pendingUnreasonable.category, reason: s.pendingUnreasonable.reason }
      : null,
    excludedFromRates: s.excludedFromRates,
    callbackAttempts: s.callback?.attempts ?? 0,
    resolved: s.resolved,
    satisfaction: s.satisfaction,
    // An action open only to whistled departments (报到) is offered only while one is pending.
    allowedActions: isFinal(s)
      ? []
      : allowedActions(s.status).filter((a) => REQUEST_ACTION_SPECS[a].scope !== 'whistledDepartment' || s.pendingReports.length > 0),
    lastError: s.lastError,
  };
}

export function projection(s: RequestState): RequestProjection {
  return {
    status: s.status,
    unitCode: s.unit?.code ?? null,
    tier: s.unit?.tier ?? null,
    deadlines: deadlinesView(s),
    overdue: s.overdue,
    escalationLevel: s.escalationLevel,
    supervisionLevel: s.supervisionLevel,
    resolved: s.resolved,
    satisfaction: s.satisfaction,
  };
}

export function searchAttributes(s: RequestState): SearchAttributeUpdatePair[] {
  const pairs: SearchAttributeUpdatePair[] = [
    { key: SA.status, value: s.status },
    { key: SA.overdue, value: s.overdue },
    { key: SA.supervisionLevel, value: s.supervisionLevel },
    { key: SA.deadline, value: s.deadlines.resolve ? new Date(s.deadlines.resolve) : null },
  ];
  if (s.unit) pairs.push({ key: SA.unit, value: s.unit.code }, { key: SA.tier, value: s.unit.tier });
  if (s.street) pairs.push({ key: SA.street, value: s.street });
  // Only once the request has met the provisional rule, so older histories upsert what they did.
  if (s.provisional !== undefined) pairs.push({ key: SA.provisional, value: deadlinesView(s).provisional ?? false });
  return pairs;
}

/** One-paragraph markdown shown as "current details" in Temporal UI. */
export function currentDetails(s: RequestState): string {
  const lines = [
    `**${STATUS_LABELS[s.status]}** (${s.status})`,
    s.unit ? `承办单位: ${s.unit.name} (${s.unit.code}, ${s.unit.tier})` : '承办单位: —',
    `办结时限: ${beijingTime(s.deadlines.resolve)}${s.overdue ? ' · 已超期' : ''}${
      deadlinesView(s).provisional ? ` · 临时时限 (节假日数据只到 ${s.provisional!.coveredUntil}，按周一至周五计)` : ''
    }`,
    `督办级别: ${s.supervisionLevel} · 升级次数: ${s.escalationLevel} · 办理轮次: ${s.cycle + 1}`,
  ];
  if (s.lastError) lines.push(`⚠ ${s.lastError}`);
  return lines.join('\n\n');
}
