import {
  CONSULTATION_STATUSES,
  FINAL_CONSULTATION_STATUSES,
  STEP_OF,
  takeUpLimit,
} from '../../domain/consultations/model';
import {
  allowedConsultationActions,
  CONSULTATION_ACTION_SPECS,
  CONSULTATION_ACTIONS,
  recordMeetingSchema,
  setParticipantsSchema,
} from '../../domain/consultations/actions';
import { awardKey, DEFAULT_POINTS, parsePointsConfig, uniqueAwards } from '../../domain/consultations/points';
import {
  addCalendarMonths,
  afterNoConsensus,
  earliestMeetingAt,
  expiryAt,
  hasQuorum,
  quorumRequired,
  isMajority,
  meetingNoticeOk,
  tallyEvaluation,
  tallyMeeting,
  validateMeetingRecord,
  validateParticipants,
  type Participant,
} from '../../domain/consultations/rules';
import { createConsultationSchema } from '../../domain/consultations/schemas';

const HOUR = 3600_000;

describe('quorum: more than half of the participants present', () => {
  test.each([
    [0, 10, false],
    [5, 10, false], // exactly half is not a quorum
    [6, 10, true],
    [3, 5, true],
    [2, 5, false],
    [2, 4, false], // exactly half
    [3, 4, true],
    [1, 1, true],
    [0, 1, false],
    [11, 11, true],
  ])('%i present of %i → %s', (present, total, expected) => {
    expect(hasQuorum(present, total)).toBe(expected);
  });

  test('nonsense counts never make a quorum', () => {
    expect(hasQuorum(3, 0)).toBe(false);
    expect(hasQuorum(-1, 3)).toBe(false);
    expect(hasQuorum(2.5, 4)).toBe(false);
  });
});

describe('majority: more than half of those present in favour', () => {
  test.each([
    [3, 6, false], // exactly half is NOT a majority
    [4, 6, true],
    [2, 3, true],
    [1, 3, false],
    [1, 2, false], // exactly half
    [1, 1, true],
    [0, 1, false],
    [50, 100, false],
    [51, 100, true],
  ])('%i in favour of %i present → %s', (inFavour, present, expected) => {
    expect(isMajority(inFavour, present)).toBe(expected);
  });

  test('nobody present is never a majority', () => {
    expect(isMajority(0, 0)).toBe(false);
  });
});

const people: Participant[] = [
  { id: 'P-CONV', category: 'CONVENER' },
  { id: 'R-1', category: 'RESIDENT' },
  { id: 'R-2', category: 'RESIDENT' },
  { id: 'G-1', category: 'GRID_WORKER' },
  { id: 'ORG-WY', category: 'PROPERTY_COMPANY', label: 'XX物业' },
  { id: 'R-3', category: 'INTERESTED_PARTY' },
];

describe('"1+8+N" participants', () => {
  test('a convener, residents and a grid worker are valid', () => {
    expect(validateParticipants(people)).toEqual([]);
  });

  test('without a convener, or with two, it is refused', () => {
    expect(validateParticipants(people.filter((p) => p.category !== 'CONVENER')).map((p) => p.rule)).toContain('convener');
    const two = [...people, { id: 'P-CONV2', category: 'CONVENER' as const }];
    expect(validateParticipants(two).map((p) => p.rule)).toContain('convener');
  });

  test('residents and grid workers are required categories', () => {
    const noGrid = people.filter((p) => p.category !== 'GRID_WORKER');
    expect(validateParticipants(noGrid)).toEqual([
      { rule: 'requiredCategory', message: 'at least one participant of category GRID_WORKER is required' },
    ]);
    const noResident = people.filter((p) => p.category !== 'RESIDENT');
    expect(validateParticipants(noResident).map((p) => p.message)).toEqual([
      'at least one participant of category RESIDENT is required',
    ]);
  });

  test('a catalogue topic can require more categories', () => {
    const noProperty = people.filter((p) => p.category !== 'PROPERTY_COMPANY');
    expect(validateParticipants(noProperty, ['PROPERTY_COMPANY']).map((p) => p.rule)).toEqual(['requiredCategory']);
    expect(validateParticipants(people, ['PROPERTY_COMPANY', 'CONVENER'])).toEqual([]);
  });

  test('duplicates and too few participants are refused', () => {
    const dup = [...people, { id: 'R-1', category: 'RESIDENT' as const }];
    expect(validateParticipants(dup).map((p) => p.rule)).toEqual(['duplicateParticipant']);
    const tiny: Participant[] = [
      { id: 'C', category: 'CONVENER' },
      { id: 'R', category: 'RESIDENT' },
    ];
    expect(validateParticipants(tiny).map((p) => p.rule)).toEqual(['requiredCategory', 'minParticipants']);
  });

  test('the API schema rejects unknown categories and forms', () => {
    expect(setParticipantsSchema.safeParse({ participants: [{ id: 'x', category: 'MAYOR' }], form: 'MEETING' }).success).toBe(false);
    expect(setParticipantsSchema.safeParse({ participants: people, form: 'PARTY' }).success).toBe(false);
    expect(setParticipantsSchema.safeParse({ participants: people, form: 'BENCH' }).success).toBe(true);
  });
});

describe('meeting record and tally', () => {
  const votes = (inFavour: string[], against: string[] = [], abstain: string[] = []) => ({ inFavour, against, abstain });

  test('attendees must be participants; voters must have signed in, once', () => {
    expect(validateMeetingRecord(people, ['R-1', 'X-9'], votes(['R-1'])).map((p) => p.rule)).toEqual(['attendeeNotParticipant']);
    expect(validateMeetingRecord(people, ['R-1'], votes(['R-2'])).map((p) => p.rule)).toEqual(['voterAbsent']);
    expect(validateMeetingRecord(people, ['R-1', 'R-2'], votes(['R-1'], ['R-1'])).map((p) => p.rule)).toEqual(['doubleVote']);
    expect(validateMeetingRecord(people, ['R-1', 'R-1'], votes([])).map((p) => p.rule)).toEqual(['duplicateAttendee']);
    expect(validateMeetingRecord(people, ['R-1', 'R-2'], votes(['R-1'], ['R-2']))).toEqual([]);
  });

  test('consensus needs quorum and majority', () => {
    // 6 participants, 4 present (quorum), 3 in favour of 4 (majority)
    const ok = tallyMeeting(6, ['P-CONV', 'R-1', 'R-2', 'G-1'], votes(['P-CONV', 'R-1', 'R-2'], ['G-1']));
    expect(ok).toEqual({
      participants: 6,
      present: 4,
      quorum: true,
      inFavour: 3,
      against: 1,
      abstain: 0,
      notVoting: 0,
      majority: true,
      consensus: true,
    });
  });

  test('exactly half present: no quorum, no consensus even if all vote in favour', () => {
    const t = tallyMeeting(6, ['P-CONV', 'R-1', 'R-2'], votes(['P-CONV', 'R-1', 'R-2']));
    expect(t.quorum).toBe(false);
    expect(t.majority).toBe(true);
    expect(t.consensus).toBe(false);
  });

  test('quorum needs more than half present', () => {
    expect([quorumRequired(7), quorumRequired(6), quorumRequired(3)]).toEqual([4, 4, 2]);
    for (const n of [3, 6, 7, 10]) {
      expect(hasQuorum(quorumRequired(n), n)).toBe(true);
      expect(hasQuorum(quorumRequired(n) - 1, n)).toBe(false);
    }
  });

  test('exactly half in favour: no majority (abstentions and non-voters count as not in favour)', () => {
    const t = tallyMeeting(6, ['P-CONV', 'R-1', 'R-2', 'G-1'], votes(['P-CONV', 'R-1'], [], ['R-2']));
    expect(t).toMatchObject({ present: 4, quorum: true, inFavour: 2, abstain: 1, notVoting: 1, majority: false, consensus: false });
  });

  test('no consensus returns to 定 once, then closes on the second failure', () => {
    expect(afterNoConsensus(1)).toBe('RETURN_TO_SCREENING');
    expect(afterNoConsensus(2)).toBe('CLOSE');
    // the limit is a parameter: a district that allows two returns closes on the third failure
    expect(afterNoConsensus(2, 2)).toBe('RETURN_TO_SCREENING');
    expect(afterNoConsensus(3, 2)).toBe('CLOSE');
  });

  test('the schema defaults missing vote lists to empty', () => {
    const parsed = recordMeetingSchema.parse({ attendees: ['R-1'], votes: {}, proposal: 'p', minutes: 'm' });
    expect(parsed.votes).toEqual({ inFavour: [], against: [], abstain: [] });
    expect(parsed.opinions).toEqual([]);
  });
});

describe('time rules', () => {
  const t0 = Date.parse('2026-11-22T02:00:00Z');

  test('meeting notice: at least 72 hours; one millisecond less is refused', () => {
    expect(meetingNoticeOk(t0, t0 + 72 * HOUR)).toBe(true);
    expect(meetingNoticeOk(t0, t0 + 72 * HOUR - 1)).toBe(false);
    expect(meetingNoticeOk(t0, t0 + 2 * 24 * HOUR)).toBe(false);
    expect(earliestMeetingAt(t0)).toBe(t0 + 72 * HOUR);
  });

  test('the time scale compresses the notice period', () => {
    expect(earliestMeetingAt(t0, 1000)).toBe(t0 + (72 * HOUR) / 1000);
    expect(meetingNoticeOk(t0, t0 + 260_000, 1000)).toBe(true);
    expect(meetingNoticeOk(t0, t0 + 250_000, 1000)).toBe(false);
  });

  test('12 calendar months in Beijing time, clamping to the month end', () => {
    expect(new Date(addCalendarMonths(t0, 12)).toISOString()).toBe('2027-11-22T02:00:00.000Z');
    // 31 January (Beijing) + 1 month → 28 February
    const jan31 = Date.parse('2027-01-31T04:00:00Z');
    expect(new Date(addCalendarMonths(jan31, 1)).toISOString()).toBe('2027-02-28T04:00:00.000Z');
    // 29 February 2028 + 12 months → 28 February 2029
    const leap = Date.parse('2028-02-29T01:00:00Z');
    expect(new Date(addCalendarMonths(leap, 12)).toISOString()).toBe('2029-02-28T01:00:00.000Z');
    // 23:30 Beijing on 31 Dec is still 31 Dec locally (15:30 UTC)
    const nye = Date.parse('2026-12-31T15:30:00Z');
    expect(new Date(addCalendarMonths(nye, 2)).toISOString()).toBe('2027-02-28T15:30:00.000Z');
  });

  test('expiry is 12 months, compressed by the scale', () => {
    expect(expiryAt(t0)).toBe(Date.parse('2027-11-22T02:00:00Z'));
    expect(expiryAt(t0, 365 * 24)).toBe(t0 + 3600_000); // 365 days / (365×24) = 1 hour
  });

  test('take-up limits per track', () => {
    expect(takeUpLimit('INSTANT')).toEqual({ amount: 48, unit: 'hour' });
    expect(takeUpLimit('DEEP')).toEqual({ amount: 5, unit: 'workday' });
  });
});

describe('evaluation: pass when more than half are satisfied', () => {
  const r = (...levels: ('满意' | '基本满意' | '不满意')[]) => levels.map((satisfaction) => ({ satisfaction }));
  test('boundaries', () => {
    expect(tallyEvaluation(r('满意', '不满意')).passed).toBe(false); // exactly half fails
    expect(tallyEvaluation(r('满意', '基本满意', '不满意')).passed).toBe(true);
    expect(tallyEvaluation(r('不满意', '不满意', '基本满意')).passed).toBe(false);
    expect(tallyEvaluation(r('基本满意')).passed).toBe(true);
    expect(tallyEvaluation([])).toEqual({ ratings: 0, satisfied: 0, dissatisfied: 0, passed: null });
  });
});

describe('state machine', () => {
  test('every status belongs to one of the eight steps, final ones to 备', () => {
    for (const status of CONSULTATION_STATUSES) expect(STEP_OF[status]).toBeDefined();
    for (const status of FINAL_CONSULTATION_STATUSES) {
      expect(STEP_OF[status]).toBe('备');
      expect(allowedConsultationActions(status)).toEqual([]);
    }
  });

  test('allowed actions per status', () => {
    expect(allowedConsultationActions('COLLECTED')).toEqual(['screen']);
    expect(allowedConsultationActions('AGENDA_SET')).toEqual(['setParticipants', 'scheduleMeeting']);
    expect(allowedConsultationActions('PUBLICIZING')).toEqual(['object', 'decideObjection']);
    expect(allowedConsultationActions('REDELIBERATION')).toEqual(['scheduleMeeting']);
    expect(allowedConsultationActions('IMPLEMENTING')).toEqual(['dispatchRequest', 'progress']);
    for (const action of CONSULTATION_ACTIONS) expect(CONSULTATION_ACTION_SPECS[action].from.length).toBeGreaterThan(0);
  });
});

describe('治理积分 configuration', () => {
  test('defaults, overrides and refusals', () => {
    expect(parsePointsConfig(undefined)).toEqual(DEFAULT_POINTS);
    expect(parsePointsConfig('{"ATTEND": 10}')).toEqual({ ...DEFAULT_POINTS, ATTEND: 10 });
    expect(() => parsePointsConfig('{"ATEND": 10}')).toThrow(/unknown event ATEND/);
    expect(() => parsePointsConfig('{"VOTE": 1.5}')).toThrow(/integer/);
    expect(() => parsePointsConfig('[1]')).toThrow(/object/);
    expect(() => parsePointsConfig('{')).toThrow(/not valid JSON/);
  });

  test('one award per (resident, item, event)', () => {
    expect(awardKey('R-1', 'CON-1', 'ATTEND')).toBe('award:R-1:CON-1:ATTEND');
    expect(
      uniqueAwards([
        { residentId: 'R-1', event: 'ATTEND' },
        { residentId: 'R-1', event: 'ATTEND' },
        { residentId: 'R-1', event: 'VOTE' },
      ]),
    ).toEqual([
      { residentId: 'R-1', event: 'ATTEND' },
      { residentId: 'R-1', event: 'VOTE' },
    ]);
  });
});

describe('create schema', () => {
  const base = { communityCode: 'C-DFX', title: '加装电梯', description: '3号楼加装电梯' };
  test('a HOTSPOT item lists its requests; a RESIDENT item names the resident', () => {
    expect(createConsultationSchema.safeParse({ ...base, source: 'HOTSPOT' }).success).toBe(false);
    expect(createConsultationSchema.safeParse({ ...base, source: 'HOTSPOT', hotspotRequestIds: ['REQ-1'] }).success).toBe(true);
    expect(createConsultationSchema.safeParse({ ...base, source: 'RESIDENT' }).success).toBe(false);
    const ok = createConsultationSchema.parse({ ...base, source: 'RESIDENT', proposer: { residentId: 'R-1' } });
    expect(ok.track).toBe('DEEP');
  });
});
