/** 公: the 7-day publicity of the resolution, objections and their decisions. */
import { CONSULTATION_LIMITS } from '../../../domain/consultations/model';
import { beijingTime } from '../../../domain/shared/time';
import { currentPublicity } from '../state';
import { actorLabel as who } from '../../shared/update-failures';
import { ruleViolation } from '../failures';
import { finishPublicity } from '../steps';
import type { ConsultationActionHandlers } from './types';

export const publicityActions: ConsultationActionHandlers<'publish' | 'object' | 'decideObjection'> = {
  publish: {
    run: async (w, p, a) => {
      const { s, input, itemId } = w;
      const startedAt = w.now();
      const endsAt = await w.due(startedAt, CONSULTATION_LIMITS.PUBLICITY);
      s.publicity.push({
        round: s.publicity.length + 1,
        text: p.text ?? s.resolution ?? '',
        channels: p.channels,
        startedAt,
        endsAt,
        windowClosed: false,
        objections: [],
        outcome: 'RUNNING',
      });
      s.status = 'PUBLICIZING';
      await w.record('PUBLICITY_STARTED', who(a), undefined, { endsAt, channels: p.channels });
      await w.notify('PUBLICITY_POSTED', input.communityCode, `协商意见公示: 议题 ${itemId}，公示至 ${beijingTime(endsAt)}`, { endsAt });
    },
  },
  object: {
    check: (w) => {
      const pub = currentPublicity(w.s);
      if (!pub || pub.windowClosed) throw ruleViolation('the publicity window has closed', 'publicityClosed');
    },
    run: async (w, p, a) => {
      const pub = currentPublicity(w.s)!;
      const no = pub.objections.length + 1;
      pub.objections.push({ no, residentId: p.residentId ?? null, text: p.text, at: w.now(), by: who(a), decision: null });
      await w.record('OBJECTION', who(a), p.text, { no, residentId: p.residentId ?? null });
      await w.notify('OBJECTION_RECEIVED', w.input.communityCode, `公示异议: 议题 ${w.itemId} 收到第${no}条异议，请召集人认定`, { no });
    },
  },
  decideObjection: {
    check: (w, p) => {
      const objection = currentPublicity(w.s)?.objections.find((o) => o.no === p.objectionNo);
      if (!objection) throw ruleViolation(`no objection ${p.objectionNo} in this publicity`, 'unknownObjection');
      if (objection.decision) throw ruleViolation(`objection ${p.objectionNo} is already decided`, 'objectionDecided');
    },
    run: async (w, p, a) => {
      const { s } = w;
      const pub = currentPublicity(s)!;
      const objection = pub.objections.find((o) => o.no === p.objectionNo)!;
      objection.decision = { substantive: p.substantive, reason: p.reason, by: who(a), at: w.now() };
      await w.record('OBJECTION_DECIDED', who(a), p.reason, { no: p.objectionNo, substantive: p.substantive });
      if (p.substantive) {
        pub.outcome = 'RETURNED_TO_DELIBERATION';
        s.status = 'REDELIBERATION';
        await w.record('RETURNED_TO_DELIBERATION', who(a), p.reason, { objection: p.objectionNo });
      } else if (pub.windowClosed && pub.objections.every((o) => o.decision)) {
        await finishPublicity(w);
      }
    },
  },
};
