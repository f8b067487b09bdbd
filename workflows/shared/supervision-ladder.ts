/**
 * The 督办 ladder every supervised deadline climbs, for requests (办结) and consultation items
 * (落实) alike: a reminder at 50 % of the limit, 催办 at 75 %, the 督办单 at the deadline, and
 * 通报 when the breach reaches five working days. Each context says what a rung does; when a
 * rung is due is decided here, once.
 */
import type { TimeLimit } from '../../domain/shared/sla';
import type { PauseIntervalJson, SlaSpec } from './definitions';

/** The instants of the ladder's rungs (null when a rung does not apply). */
export interface LadderSchedule {
  half: string | null;
  threeQuarters: string | null;
  due: string | null;
  notice: string | null;
}

/** 1 reminder (50 %), 2 催办 (75 %), 3 督办单 (breach), 4 通报 (breach + 5 WD). */
export type SupervisionLevel = 1 | 2 | 3 | 4;

export const SUPERVISION_LADDER = [
  { level: 1, rung: 'half', summary: '督办 50%: reminder' },
  { level: 2, rung: 'threeQuarters', summary: '督办 75%: 催办' },
  { level: 3, rung: 'due', summary: '督办 100%: breach' },
  { level: 4, rung: 'notice', summary: '通报: breach + 5 WD' },
] as const satisfies readonly { level: SupervisionLevel; rung: keyof LadderSchedule; summary: string }[];

/** 通报 follows a breach left standing this many working days (domain spec 3.4). */
export const NOTICE_AFTER_BREACH_WORKDAYS = 5;

/** The next rung above `reached` that has an instant, or null at the top. */
export function nextRung(
  schedule: LadderSchedule,
  reached: number,
): { level: SupervisionLevel; at: string; summary: string } | null {
  for (const step of SUPERVISION_LADDER) {
    const at = schedule[step.rung];
    if (step.level > reached && at) return { level: step.level, at, summary: step.summary };
  }
  return null;
}

/** The SLA computations of the 50 %, 75 % and 100 % rungs of a limit counted from `start`. */
export function ladderSpecs(start: string, limit: TimeLimit, extra: { pauses?: PauseIntervalJson[]; origin?: string } = {}): SlaSpec[] {
  return [
    { kind: 'due', start, limit, ...extra, fraction: 0.5 },
    { kind: 'due', start, limit, ...extra, fraction: 0.75 },
    { kind: 'due', start, limit, ...extra },
  ];
}

/** The 通报 rung: working days after the deadline. */
export const noticeSpec = (due: string, origin?: string): SlaSpec => ({
  kind: 'workdaysAfter',
  instant: due,
  workdays: NOTICE_AFTER_BREACH_WORKDAYS,
  ...(origin ? { origin } : {}),
});

/**
 * A ladder on a deadline set by hand (an override or an approved extension): the reminders keep
 * their 50/75 % positions on the wall-clock span from `start` to the new deadline.
 */
export function ladderToFixedDeadline(start: string, due: string): { half: string; threeQuarters: string; due: string } {
  const span = Date.parse(due) - Date.parse(start);
  const at = (fraction: number) => new Date(Date.parse(start) + span * fraction).toISOString();
  return { half: at(0.5), threeQuarters: at(0.75), due };
}
