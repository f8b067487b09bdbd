/**
 * The 社区议事协商 item as a state machine: the eight steps 集、定、议、公、办、督、评、备, the statuses
 * inside them and the default time limits (the step actions are in domain/consultations/actions.ts).
 * Pure data; workflows and the API both import it (workflow-safe: no Node modules).
 */
import type { TimeLimit } from '../shared/sla';

/** 集: where the item came from. HOTSPOT = a cluster of 接诉即办 requests for the area. */
export const CONSULTATION_SOURCES = ['RESIDENT', 'GRID_WORKER', 'COMMUNITY', 'HOTSPOT'] as const;
export type ConsultationSource = (typeof CONSULTATION_SOURCES)[number];

/** 即时议 (answer within 48 h) or 深入议 (start within 5 working days). */
export const CONSULTATION_TRACKS = ['INSTANT', 'DEEP'] as const;
export type ConsultationTrack = (typeof CONSULTATION_TRACKS)[number];

/** 议事形式: a formal meeting, 板凳议事 (bench talk in the courtyard), or online. */
export const CONSULTATION_FORMS = ['MEETING', 'BENCH', 'ONLINE'] as const;
export type ConsultationForm = (typeof CONSULTATION_FORMS)[number];

/**
 * "1+8+N": the convener (社区党组织书记), the eight kinds of representative, and N interested
 * parties (利益相关方).
 */
export const PARTICIPANT_CATEGORIES = [
  'CONVENER',
  'RESIDENT',
  'GRID_WORKER',
  'DEPUTY',
  'PROPERTY_COMPANY',
  'OWNERS_COMMITTEE',
  'SOCIAL_ORGANISATION',
  'LEGAL_ADVISER',
  'DUAL_REPORT_UNIT',
  'INTERESTED_PARTY',
] as const;
export type ParticipantCategory = (typeof PARTICIPANT_CATEGORIES)[number];

export const PARTICIPANT_CATEGORY_LABELS: Record<ParticipantCategory, string> = {
  CONVENER: '召集人 (社区党组织书记)',
  RESIDENT: '居民群众',
  GRID_WORKER: '网格员',
  DEPUTY: '两代表一委员',
  PROPERTY_COMPANY: '物业公司',
  OWNERS_COMMITTEE: '业委会',
  SOCIAL_ORGANISATION: '社会组织',
  LEGAL_ADVISER: '法律顾问',
  DUAL_REPORT_UNIT: '双报到单位',
  INTERESTED_PARTY: '利益相关方',
};

/** Natural persons living in the community: they earn 治理积分 for attending and voting. */
export const RESIDENT_CATEGORIES: readonly ParticipantCategory[] = ['RESIDENT', 'INTERESTED_PARTY'];

export const CONSULTATION_STEPS = ['集', '定', '议', '公', '办', '督', '评', '备'] as const;
export type ConsultationStep = (typeof CONSULTATION_STEPS)[number];

export const CONSULTATION_STATUSES = [
  'COLLECTED',
  'SCREENED',
  'AGENDA_SET',
  'MEETING_SCHEDULED',
  'DELIBERATED',
  'REDELIBERATION',
  'PUBLICIZING',
  'PUBLICIZED',
  'IMPLEMENTING',
  'EVALUATING',
  'ARCHIVED',
  'REJECTED',
  'NO_CONSENSUS',
  'EXPIRED',
] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

export const CONSULTATION_STATUS_LABELS: Record<ConsultationStatus, string> = {
  COLLECTED: '已征集',
  SCREENED: '已审核 (待定参与人)',
  AGENDA_SET: '已定议题与参与人',
  MEETING_SCHEDULED: '已通知会议',
  DELIBERATED: '已形成协商意见',
  REDELIBERATION: '公示异议成立, 重新协商',
  PUBLICIZING: '公示中',
  PUBLICIZED: '公示期满',
  IMPLEMENTING: '办理中',
  EVALUATING: '评议中',
  ARCHIVED: '已办结归档',
  REJECTED: '不予协商 (已归档)',
  NO_CONSENSUS: '未达成共识 (已归档)',
  EXPIRED: '逾期未议 (已归档)',
};

/** Which of the eight steps a status belongs to. 督 runs alongside 办 (progress checkpoints). */
export const STEP_OF: Record<ConsultationStatus, ConsultationStep> = {
  COLLECTED: '集',
  SCREENED: '定',
  AGENDA_SET: '定',
  MEETING_SCHEDULED: '议',
  DELIBERATED: '议',
  REDELIBERATION: '议',
  PUBLICIZING: '公',
  PUBLICIZED: '公',
  IMPLEMENTING: '办',
  EVALUATING: '评',
  ARCHIVED: '备',
  REJECTED: '备',
  NO_CONSENSUS: '备',
  EXPIRED: '备',
};

/** Steps that run alongside another one instead of having statuses of their own. */
const RUNS_ALONGSIDE: Partial<Record<ConsultationStep, ConsultationStep>> = { 督: '办' };

/** The statuses an item can have while in `step`: 督 supervises 办, so an item in 办 is in 督 too. */
export function statusesInStep(step: ConsultationStep): ConsultationStatus[] {
  const alongside = RUNS_ALONGSIDE[step];
  return CONSULTATION_STATUSES.filter((status) => STEP_OF[status] === step || STEP_OF[status] === alongside);
}

/** Every final status writes the item's archive record (一事一档) before the workflow ends. */
export const FINAL_CONSULTATION_STATUSES: readonly ConsultationStatus[] = ['ARCHIVED', 'REJECTED', 'NO_CONSENSUS', 'EXPIRED'];

// The step actions, the statuses each may be taken from and who may take them:
// domain/consultations/actions.ts.

/** Default time limits (domain spec §6.2; the issue stands where they differ). */
export const CONSULTATION_LIMITS = {
  /** 即时议: answered (taken up) within 48 hours of collection. */
  INSTANT_TAKE_UP: { amount: 48, unit: 'hour' } as TimeLimit,
  /** 深入议: started (taken up) within 5 working days of collection. */
  DEEP_TAKE_UP: { amount: 5, unit: 'workday' } as TimeLimit,
  /** The meeting is at least 72 hours after its notice. */
  NOTICE_MIN_HOURS: 72,
  /** The 24-hour reminder before the meeting. */
  MEETING_REMINDER_HOURS: 24,
  /** 公示 at least 7 days (natural days, 民法典 rules: ends 24:00 of the 7th day or later). */
  PUBLICITY: { amount: 7, unit: 'day' } as TimeLimit,
  /** 办 default deadline when the convener gives none. */
  IMPLEMENTATION: { amount: 30, unit: 'day' } as TimeLimit,
  /** 评 window. */
  EVALUATION: { amount: 7, unit: 'day' } as TimeLimit,
  /** Items not taken up (screened) within 12 months expire and are archived (CONSUL default). */
  EXPIRY_MONTHS: 12,
  /** A failed vote returns the item to 定 at most this many times; the next failure closes it (八步议事法: the second). */
  MAX_NO_CONSENSUS_RETURNS: 1,
} as const;

export const takeUpLimit = (track: ConsultationTrack): TimeLimit =>
  track === 'INSTANT' ? CONSULTATION_LIMITS.INSTANT_TAKE_UP : CONSULTATION_LIMITS.DEEP_TAKE_UP;

/** Ratings in 评. 满意 and 基本满意 count as satisfied. */
export const CONSULTATION_SATISFACTION = ['满意', '基本满意', '不满意'] as const;
export type ConsultationSatisfaction = (typeof CONSULTATION_SATISFACTION)[number];
export const RATER_KINDS = ['RESIDENT', 'PARTICIPANT'] as const;
export type RaterKind = (typeof RATER_KINDS)[number];

/** Final outcomes stored in the archive record. */
export const CONSULTATION_OUTCOMES = ['COMPLETED', 'NOT_FOR_CONSULTATION', 'NO_CONSENSUS', 'EXPIRED'] as const;
export type ConsultationOutcome = (typeof CONSULTATION_OUTCOMES)[number];
