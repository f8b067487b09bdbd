/** 定 → 议: "1+8+N" participants and form, the meeting notice, and the meeting record and vote. */
import { CONSULTATION_LIMITS } from '../../../domain/consultations/model';
import {
  afterNoConsensus,
  earliestMeetingAt,
  hasQuorum,
  meetingNoticeOk,
  quorumRequired,
  tallyMeeting,
  validateMeetingRecord,
  validateParticipants,
} from '../../../domain/consultations/rules';
import { beijingTime } from '../../../domain/shared/time';
import { currentNotice } from '../state';
import { actorLabel as who } from '../../shared/update-failures';
import { problemsFailure, ruleViolation } from '../failures';
import { archive } from '../steps';
import type { ConsultationActionHandlers } from './types';

export const meetingActions: ConsultationActionHandlers<'setParticipants' | 'scheduleMeeting' | 'recordMeeting'> = {
  setParticipants: {
    check: (w, p) => {
      const problems = validateParticipants(p.participants, w.s.screening?.topic.requiredCategories ?? []);
      if (problems.length) throw problemsFailure(problems);
    },
    run: async (w, p, a) => {
      const { s } = w;
      s.participants = p.participants;
      s.form = p.form;
      s.status = 'AGENDA_SET';
      const byCategory: Record<string, number> = {};
      for (const x of p.participants) byCategory[x.category] = (byCategory[x.category] ?? 0) + 1;
      await w.record('PARTICIPANTS_SET', who(a), p.note, { form: p.form, count: p.participants.length, byCategory });
    },
  },
  // Notice at least 3 days ahead.
  scheduleMeeting: {
    check: (w, p) => {
      if (!meetingNoticeOk(w.nowMs(), Date.parse(p.meetingAt), w.scale)) {
        const earliest = new Date(earliestMeetingAt(w.nowMs(), w.scale)).toISOString();
        throw ruleViolation(`the meeting must be at least 3 days after the notice (earliest ${earliest})`, 'noticePeriod', {
          earliestMeetingAt: earliest,
        });
      }
    },
    run: async (w, p, a) => {
      const { s, itemId } = w;
      const meetingAt = new Date(p.meetingAt).toISOString();
      const previous = s.status;
      s.notices.push({
        round: s.meetings.length + 1,
        form: s.form ?? 'MEETING',
        meetingAt,
        place: p.place ?? null,
        agenda: p.agenda ?? null,
        noticeAt: w.now(),
        by: who(a),
        recipients: s.participants.map((x) => x.id),
        reminderSent: false,
      });
      s.status = 'MEETING_SCHEDULED';
      await w.record(previous === 'MEETING_SCHEDULED' ? 'MEETING_RESCHEDULED' : 'MEETING_NOTICE', who(a), p.agenda, {
        meetingAt,
        form: s.form,
        place: p.place ?? null,
        recipients: s.participants.length,
      });
      await w.notifyParticipants(
        'MEETING_NOTICE',
        `议事通知: 议题 ${itemId} 定于 ${beijingTime(meetingAt)} ${p.place ? `在 ${p.place} ` : ''}协商 (${s.form})`,
        { meetingAt, form: s.form, place: p.place ?? null },
      );
    },
  },
  // 议: minutes, quorum, vote.
  recordMeeting: {
    check: (w, p) => {
      const { s } = w;
      const notice = currentNotice(s);
      if (notice && w.nowMs() < Date.parse(notice.meetingAt)) {
        throw ruleViolation(`the meeting is scheduled for ${notice.meetingAt} and cannot be recorded before`, 'meetingNotHeldYet');
      }
      const problems = validateMeetingRecord(s.participants, p.attendees, p.votes);
      if (problems.length) throw problemsFailure(problems);
      // Without quorum the meeting did not take place: refused, and not a failed vote.
      const present = new Set(p.attendees).size;
      if (!hasQuorum(present, s.participants.length)) {
        const required = quorumRequired(s.participants.length);
        throw ruleViolation(`no quorum: ${present} of ${s.participants.length} present, ${required} required`, 'quorum', {
          present,
          required,
          participants: s.participants.length,
        });
      }
    },
    run: async (w, p, a) => {
      const { s } = w;
      const notice = currentNotice(s)!;
      const tally = tallyMeeting(s.participants.length, p.attendees, p.votes);
      s.meetings.push({
        round: notice.round,
        scheduledAt: notice.meetingAt,
        recordedAt: w.now(),
        form: notice.form,
        attendees: p.attendees,
        opinions: p.opinions,
        votes: p.votes,
        proposal: p.proposal,
        minutes: p.minutes,
        tally,
        by: who(a),
      });
      const voters = [...p.votes.inFavour, ...p.votes.against, ...p.votes.abstain];
      if (tally.consensus) {
        s.resolution = p.proposal;
        s.status = 'DELIBERATED';
        await w.record('DELIBERATED', who(a), undefined, { round: notice.round, tally });
      } else {
        s.noConsensusCount++;
        const maxReturns = CONSULTATION_LIMITS.MAX_NO_CONSENSUS_RETURNS;
        if (afterNoConsensus(s.noConsensusCount, maxReturns) === 'RETURN_TO_SCREENING') {
          s.status = 'SCREENED';
          await w.record('NO_CONSENSUS', who(a), 'no majority', { round: notice.round, tally, returnsLeft: maxReturns - s.noConsensusCount });
        } else {
          s.status = 'NO_CONSENSUS';
          s.outcome = 'NO_CONSENSUS';
          await w.record('CLOSED_NO_CONSENSUS', who(a), 'no majority', { round: notice.round, tally, failures: s.noConsensusCount });
        }
      }
      await w.award(
        [
          ...w.awardsFor(p.attendees.filter(w.residentParticipant), 'ATTEND'),
          ...w.awardsFor(voters.filter(w.residentParticipant), 'VOTE'),
        ],
        `议事会议 第${notice.round}轮`,
      );
      if (s.status === 'NO_CONSENSUS') await archive(w);
    },
  },
};
