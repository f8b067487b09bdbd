/**
 * Pure rules of 社区议事协商: quorum and majority arithmetic, the "1+8+N" participant check, the
 * meeting record, the 3-day notice, the 12-month expiry and the evaluation tally.
 * Workflow-safe (no Node modules, no clocks: callers pass instants in).
 */
import {
  CONSULTATION_LIMITS,
  PARTICIPANT_CATEGORIES,
  type ConsultationSatisfaction,
  type ParticipantCategory,
} from './model';
import { HOUR_MS, SHANGHAI_OFFSET_MS } from '../shared/time';

// ------------------------------------------------------------------------------------------------
// Quorum and majority (council rules: "> 1/2"). Exactly half is NOT enough for either.
// ------------------------------------------------------------------------------------------------

/** Quorum: more than half of the fixed participants are present. */
export function hasQuorum(present: number, participants: number): boolean {
  if (!Number.isInteger(present) || !Number.isInteger(participants) || present < 0 || participants <= 0) return false;
  return present * 2 > participants;
}

/** The fewest present that make a quorum of `participants` (more than half). */
export function quorumRequired(participants: number): number {
  return Math.floor(Math.max(0, participants) / 2) + 1;
}

/** Majority: more than half of those present voted in favour (abstentions count as not in favour). */
export function isMajority(inFavour: number, present: number): boolean {
  if (!Number.isInteger(inFavour) || !Number.isInteger(present) || inFavour < 0 || present <= 0) return false;
  return inFavour * 2 > present;
}

// ------------------------------------------------------------------------------------------------
// "1+8+N" participants
// ------------------------------------------------------------------------------------------------

export interface Participant {
  /** A stable id: a resident id (治理积分 key), a staff id or an organisation id. No names. */
  id: string;
  category: ParticipantCategory;
  /** Optional non-personal label, e.g. the organisation: "XX物业". */
  label?: string;
}

/**
 * Categories every consultation must include (besides exactly one convener): 居民群众 and 网格员,
 * the members the Shaoxing standard DB3306/T 075-2025 requires (居民代表, 网格员; the 社区工作者
 * is the convener's side). A catalogue topic can require more (e.g. 物业公司 for property matters).
 */
export const REQUIRED_PARTICIPANT_CATEGORIES: readonly ParticipantCategory[] = ['RESIDENT', 'GRID_WORKER'];
/** At least the convener and two others: a quorum of "more than half" needs a real group. */
export const MIN_PARTICIPANTS = 3;
export const MAX_PARTICIPANTS = 200;

export interface Problem {
  rule: string;
  message: string;
}

/** Checks the "1+8+N" composition; returns every problem found (empty = valid). */
export function validateParticipants(
  participants: readonly Participant[],
  extraRequired: readonly ParticipantCategory[] = [],
): Problem[] {
  const problems: Problem[] = [];
  const conveners = participants.filter((p) => p.category === 'CONVENER');
  if (conveners.length !== 1) {
    problems.push({ rule: 'convener', message: `exactly one convener (召集人) is required, got ${conveners.length}` });
  }
  const ids = new Set<string>();
  for (const p of participants) {
    if (ids.has(p.id)) problems.push({ rule: 'duplicateParticipant', message: `participant ${p.id} is listed twice` });
    ids.add(p.id);
    if (!PARTICIPANT_CATEGORIES.includes(p.category)) {
      problems.push({ rule: 'category', message: `unknown category ${String(p.category)}` });
    }
  }
  const required = [...new Set([...REQUIRED_PARTICIPANT_CATEGORIES, ...extraRequired])].filter((c) => c !== 'CONVENER');
  for (const category of required) {
    if (!participants.some((p) => p.category === category)) {
      problems.push({ rule: 'requiredCategory', message: `at least one participant of category ${category} is required` });
    }
  }
  if (participants.length < MIN_PARTICIPANTS) {
    problems.push({ rule: 'minParticipants', message: `at least ${MIN_PARTICIPANTS} participants are required` });
  }
  if (participants.length > MAX_PARTICIPANTS) {
    problems.push({ rule: 'maxParticipants', message: `at most ${MAX_PARTICIPANTS} participants` });
  }
  return problems;
}

// ------------------------------------------------------------------------------------------------
// The meeting record (议)
// ------------------------------------------------------------------------------------------------

export interface VoteRecord {
  inFavour: string[];
  against: string[];
  abstain: string[];
}

export interface MeetingTally {
  participants: number;
  present: number;
  quorum: boolean;
  inFavour: number;
  against: number;
  abstain: number;
  notVoting: number;
  majority: boolean;
  /** Quorum and majority: the 协商意见 stands. */
  consensus: boolean;
}

/** Checks that attendees are participants and voters attended, each voting once. */
export function validateMeetingRecord(
  participants: readonly Participant[],
  attendees: readonly string[],
  votes: VoteRecord,
): Problem[] {
  const problems: Problem[] = [];
  const ids = new Set(participants.map((p) => p.id));
  const present = new Set<string>();
  for (const a of attendees) {
    if (!ids.has(a)) problems.push({ rule: 'attendeeNotParticipant', message: `${a} is not a participant of this item` });
    if (present.has(a)) problems.push({ rule: 'duplicateAttendee', message: `${a} is listed twice in the sign-in` });
    present.add(a);
  }
  const voted = new Set<string>();
  for (const [kind, list] of Object.entries(votes) as [keyof VoteRecord, string[]][]) {
    for (const v of list) {
      if (!present.has(v)) problems.push({ rule: 'voterAbsent', message: `${v} voted (${kind}) but did not sign in` });
      if (voted.has(v)) problems.push({ rule: 'doubleVote', message: `${v} voted more than once` });
      voted.add(v);
    }
  }
  return problems;
}

/** Counts a valid meeting record: quorum of participants, majority of those present. */
export function tallyMeeting(participantCount: number, attendees: readonly string[], votes: VoteRecord): MeetingTally {
  const present = new Set(attendees).size;
  const inFavour = votes.inFavour.length;
  const against = votes.against.length;
  const abstain = votes.abstain.length;
  const quorum = hasQuorum(present, participantCount);
  const majority = isMajority(inFavour, present);
  return {
    participants: participantCount,
    present,
    quorum,
    inFavour,
    against,
    abstain,
    notVoting: Math.max(0, present - inFavour - against - abstain),
    majority,
    consensus: quorum && majority,
  };
}

/**
 * After a failed vote: back to 定 while returns remain, otherwise closed as NO_CONSENSUS. The
 * default closes on the second failure; `maxReturns` lets old histories replay with theirs.
 */
export function afterNoConsensus(
  failuresSoFar: number,
  maxReturns: number = CONSULTATION_LIMITS.MAX_NO_CONSENSUS_RETURNS,
): 'RETURN_TO_SCREENING' | 'CLOSE' {
  return failuresSoFar <= maxReturns ? 'RETURN_TO_SCREENING' : 'CLOSE';
}

// ------------------------------------------------------------------------------------------------
// Time rules. `scale` compresses time for drills and tests (1 = real time), as the SLA clocks do.
// ------------------------------------------------------------------------------------------------

/** The earliest meeting instant for a notice given at `noticeAt`: 72 hours later (compressed by scale). */
export function earliestMeetingAt(noticeAtMs: number, scale = 1): number {
  return noticeAtMs + minimumNoticeMs(scale);
}

/** The shortest notice period in milliseconds: 72 hours (less under a drill time scale), whole ms. */
export function minimumNoticeMs(scale = 1): number {
  return Math.ceil((CONSULTATION_LIMITS.NOTICE_MIN_HOURS * HOUR_MS) / scale);
}

export function meetingNoticeOk(noticeAtMs: number, meetingAtMs: number, scale = 1): boolean {
  return meetingAtMs >= earliestMeetingAt(noticeAtMs, scale);
}

/** When the 24-hour reminder before the meeting goes out (compressed by scale). */
export function meetingReminderAt(meetingAtMs: number, scale = 1): number {
  return meetingAtMs - Math.round((CONSULTATION_LIMITS.MEETING_REMINDER_HOURS * HOUR_MS) / scale);
}

/**
 * `months` calendar months after `startMs`, Beijing civil calendar, same time of day; a day that
 * does not exist in the target month (31st, 29 February) clamps to the month's last day.
 */
export function addCalendarMonths(startMs: number, months: number): number {
  const local = new Date(startMs + SHANGHAI_OFFSET_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), lastDay);
  const target = Date.UTC(
    targetYear,
    targetMonth,
    day,
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
  return target - SHANGHAI_OFFSET_MS;
}

/** The instant an item collected at `collectedAtMs` expires if not taken up (12 months, compressed; whole ms). */
export function expiryAt(collectedAtMs: number, scale = 1): number {
  const span = addCalendarMonths(collectedAtMs, CONSULTATION_LIMITS.EXPIRY_MONTHS) - collectedAtMs;
  return collectedAtMs + Math.round(span / scale);
}

// ------------------------------------------------------------------------------------------------
// 评: the evaluation tally
// ------------------------------------------------------------------------------------------------

export const SATISFIED: readonly ConsultationSatisfaction[] = ['满意', '基本满意'];

export interface EvaluationTally {
  ratings: number;
  satisfied: number;
  dissatisfied: number;
  /** null when nobody rated within the window (recorded as not evaluated, which does not fail). */
  passed: boolean | null;
}

/**
 * Passes when more than half of the ratings are 满意 or 基本满意 (exactly half fails). No rating
 * within the window is "not evaluated": the item is archived as such instead of reopening 办,
 * as an unanswered 回访 is for requests.
 */
export function tallyEvaluation(ratings: readonly { satisfaction: ConsultationSatisfaction }[]): EvaluationTally {
  const satisfied = ratings.filter((r) => SATISFIED.includes(r.satisfaction)).length;
  return {
    ratings: ratings.length,
    satisfied,
    dissatisfied: ratings.length - satisfied,
    passed: ratings.length === 0 ? null : satisfied * 2 > ratings.length,
  };
}
