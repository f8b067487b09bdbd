/**
 * The consultation workflow's state and the pure functions over it: the view clients see, the
 * projection written to PostgreSQL, the search attributes, and the archive record (一事一档).
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  CONSULTATION_STATUS_LABELS,
  FINAL_CONSULTATION_STATUSES,
  STEP_OF,
  type ConsultationForm,
  type ConsultationOutcome,
  type ConsultationStatus,
} from '../../domain/consultations/model';
import { allowedConsultationActions } from '../../domain/consultations/actions';
import type { Participant } from '../../domain/consultations/rules';
import type {
  ConsultationArchiveRecord,
  ConsultationProjection,
  ConsultationView,
  ConsultationWorkflowInput,
  EvaluationRecord,
  ImplementationRecord,
  LinkedRequestRecord,
  MeetingRecord,
  NoticeRecord,
  ProgressCheckpoint,
  PublicityRecord,
  ScreeningRecord,
} from './definitions';
import { SA } from '../requests/definitions';
import { holdsProvisional, pickFields, type ProvisionalLedger } from '../shared/provisional-deadlines';
import { beijingTime } from '../../domain/shared/time';

export interface ConsultationState {
  input: ConsultationWorkflowInput & { collectedBy?: string };
  status: ConsultationStatus;
  /** True once collected with its deadlines: the create call's update returns then. */
  accepted: boolean;
  takeUpDeadline: string | null;
  takeUpOverdue: boolean;
  expiresAt: string;
  screening: ScreeningRecord | null;
  participants: Participant[];
  form: ConsultationForm | null;
  notices: NoticeRecord[];
  meetings: MeetingRecord[];
  noConsensusCount: number;
  /** The 协商意见 of the last meeting that reached consensus. */
  resolution: string | null;
  publicity: PublicityRecord[];
  /** 办 cycles; the last one is current. A failed 评 opens the next. */
  implementations: ImplementationRecord[];
  /** 办 tasks handed to units as 接诉即办 requests. */
  linkedRequests: LinkedRequestRecord[];
  progress: ProgressCheckpoint[];
  evaluations: EvaluationRecord[];
  outcome: ConsultationOutcome | null;
  archived: boolean;
  archivedAt: string | null;
  archiveHash: string | null;
  lastError: string | null;
  /** The worker's clock scale read at the start (drills and tests); absent = 1, real time. */
  clockScale?: number;
  /** Version of the working-day calendar the latest deadline was counted with. */
  calendarVersion?: string;
  /** Deadlines counted past the calendar's data (absent in items started before this existed). */
  provisional?: ProvisionalLedger | null;
  /** Set by the calendarUpdated signal: the main loop recounts provisional deadlines. */
  calendarNudged?: boolean;
  /** Last timeline sequence number used; events are numbered 1, 2, 3… */
  seq: number;
  /** Bumped on every change that can move a timer; the main loop wakes on it. */
  version: number;
}

export function initialConsultationState(input: ConsultationWorkflowInput & { collectedBy?: string }): ConsultationState {
  return {
    input,
    status: 'COLLECTED',
    accepted: false,
    takeUpDeadline: null,
    takeUpOverdue: false,
    expiresAt: input.collectedAt,
    screening: null,
    participants: [],
    form: null,
    notices: [],
    meetings: [],
    noConsensusCount: 0,
    resolution: null,
    publicity: [],
    implementations: [],
    linkedRequests: [],
    progress: [],
    evaluations: [],
    outcome: null,
    archived: false,
    archivedAt: null,
    archiveHash: null,
    lastError: null,
    seq: 0,
    version: 0,
  };
}

export const isFinalConsultation = (s: ConsultationState) => FINAL_CONSULTATION_STATUSES.includes(s.status);
export const last = <T>(list: readonly T[]): T | null => (list.length ? list[list.length - 1]! : null);
export const currentImplementation = (s: ConsultationState) => last(s.implementations);
export const currentPublicity = (s: ConsultationState) => last(s.publicity);
export const currentNotice = (s: ConsultationState) => last(s.notices);
export const currentEvaluation = (s: ConsultationState) => last(s.evaluations);

/** Progress of the current 办 cycle: the last checkpoint's percentage. */
export function progressPercent(s: ConsultationState): number {
  const impl = currentImplementation(s);
  if (!impl) return 0;
  const checkpoints = s.progress.filter((p) => p.cycle === impl.cycle);
  return last(checkpoints)?.percent ?? 0;
}

/** Every field that holds a computed deadline (what a recount may move). */
export const CONSULTATION_DEADLINE_KEYS = ['takeUpDeadline', 'implementations', 'publicity', 'evaluations'] as const;

/** The item's deadlines in short: the current one, and whether any is provisional. */
export function consultationDeadlines(s: ConsultationState): ConsultationView['deadlines'] {
  const provisional = holdsProvisional(s.provisional, pickFields(s, CONSULTATION_DEADLINE_KEYS));
  return {
    current: currentDeadline(s),
    provisional,
    ...(s.calendarVersion ? { calendarVersion: s.calendarVersion } : {}),
    ...(provisional ? { calendarCoveredUntil: s.provisional!.coveredUntil } : {}),
  };
}

/** The deadline that matters in the current status (for lists and Temporal UI). */
export function currentDeadline(s: ConsultationState): string | null {
  switch (s.status) {
    case 'COLLECTED':
      return s.takeUpDeadline;
    case 'MEETING_SCHEDULED':
      return currentNotice(s)?.meetingAt ?? null;
    case 'PUBLICIZING':
      return currentPublicity(s)?.endsAt ?? null;
    case 'IMPLEMENTING':
      return currentImplementation(s)?.deadline ?? null;
    case 'EVALUATING':
      return currentEvaluation(s)?.closesAt ?? null;
    default:
      return null;
  }
}

export function isOverdue(s: ConsultationState): boolean {
  if (s.status === 'COLLECTED') return s.takeUpOverdue;
  if (s.status === 'IMPLEMENTING') return currentImplementation(s)?.overdue ?? false;
  return false;
}

export function consultationView(s: ConsultationState, minimumNoticeMs: number): ConsultationView {
  return {
    itemId: s.input.itemId,
    communityCode: s.input.communityCode,
    source: s.input.source,
    track: s.input.track,
    status: s.status,
    statusLabel: CONSULTATION_STATUS_LABELS[s.status],
    step: STEP_OF[s.status],
    takeUpDeadline: s.takeUpDeadline,
    takeUpOverdue: s.takeUpOverdue,
    deadlines: consultationDeadlines(s),
    expiresAt: s.expiresAt,
    screening: s.screening,
    participants: s.participants,
    form: s.form,
    notices: s.notices,
    minimumNoticeMs,
    meetings: s.meetings,
    noConsensusCount: s.noConsensusCount,
    resolution: s.resolution,
    publicity: s.publicity,
    implementation: currentImplementation(s),
    implementationCycles: s.implementations,
    linkedRequests: s.linkedRequests,
    progress: s.progress,
    progressPercent: progressPercent(s),
    evaluations: s.evaluations,
    outcome: s.outcome,
    archived: s.archived,
    allowedActions: allowedConsultationActions(s.status),
    lastError: s.lastError,
  };
}

export function consultationProjection(s: ConsultationState): ConsultationProjection {
  return {
    status: s.status,
    step: STEP_OF[s.status],
    overdue: isOverdue(s),
    deadline: currentDeadline(s),
    deadlinesProvisional: consultationDeadlines(s).provisional,
    meetingAt: currentNotice(s)?.meetingAt ?? null,
    publicityEndsAt: currentPublicity(s)?.endsAt ?? null,
    ownerLabel: currentImplementation(s)?.owner.label ?? null,
    progressPercent: progressPercent(s),
    noConsensusCount: s.noConsensusCount,
    routedRequestId: s.screening?.routedRequestId ?? null,
    outcome: s.outcome,
  };
}

export function consultationSearchAttributes(s: ConsultationState): SearchAttributeUpdatePair[] {
  const deadline = currentDeadline(s);
  const pairs: SearchAttributeUpdatePair[] = [
    { key: SA.status, value: s.status },
    { key: SA.unit, value: s.input.communityCode },
    { key: SA.overdue, value: isOverdue(s) },
    { key: SA.deadline, value: deadline ? new Date(deadline) : null },
  ];
  // Only once the item has met the provisional rule, so older histories upsert what they did.
  if (s.provisional !== undefined) pairs.push({ key: SA.provisional, value: consultationDeadlines(s).provisional });
  return pairs;
}

/** One-paragraph markdown shown as "current details" in Temporal UI (no personal data). */
export function consultationDetails(s: ConsultationState): string {
  const lines = [
    `**${STEP_OF[s.status]} · ${CONSULTATION_STATUS_LABELS[s.status]}** (${s.status})`,
    `社区: ${s.input.communityCode} · ${s.input.track === 'INSTANT' ? '即时议' : '深入议'} · 来源 ${s.input.source}`,
    `当前时限: ${beijingTime(currentDeadline(s))}${isOverdue(s) ? ' · 已超期' : ''}${
      consultationDeadlines(s).provisional
        ? ` · 临时时限 (节假日数据只到 ${s.provisional!.coveredUntil}，按周一至周五计)`
        : ''
    }`,
    `未达成共识次数: ${s.noConsensusCount} · 办理进度: ${progressPercent(s)}%`,
  ];
  if (s.lastError) lines.push(`⚠ ${s.lastError}`);
  return lines.join('\n\n');
}

/** 一事一档: everything the community office files for the item, built from workflow state. */
export function archiveRecord(s: ConsultationState, archivedAt: string): ConsultationArchiveRecord {
  return {
    itemId: s.input.itemId,
    outcome: s.outcome ?? 'COMPLETED',
    finalStatus: s.status,
    archivedAt,
    communityCode: s.input.communityCode,
    source: s.input.source,
    track: s.input.track,
    collectedAt: s.input.collectedAt,
    proposerResidentId: s.input.proposerResidentId ?? null,
    hotspotRequestIds: s.input.hotspotRequestIds ?? [],
    screening: s.screening,
    participants: s.participants,
    form: s.form,
    notices: s.notices,
    meetings: s.meetings,
    noConsensusCount: s.noConsensusCount,
    resolution: s.resolution,
    publicity: s.publicity,
    implementation: s.implementations,
    linkedRequests: s.linkedRequests,
    progress: s.progress,
    evaluations: s.evaluations,
  };
}
