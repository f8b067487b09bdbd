/** 定: screening an item against the 五议五不议 catalogue (a citizen's matter goes to 接诉即办). */
import { actorLabel as who } from '../../shared/update-failures';
import { ruleViolation } from '../failures';
import { handOverToRequest } from '../hand-over';
import { archive } from '../steps';
import type { ConsultationActionHandlers } from './types';

export const screeningActions: ConsultationActionHandlers<'screen'> = {
  screen: {
    run: async (w, p, a) => {
      const { s, input } = w;
      const topic = await w.acts.findConsultationTopic(input.communityCode, p.topicCode);
      if (!topic) {
        throw ruleViolation(`topic ${p.topicCode} is not in the 五议五不议 catalogue of ${input.communityCode}`, 'unknownTopic');
      }
      // The API asks for the reason first; this holds for any other client.
      if (!topic.allowed && !p.note) {
        throw ruleViolation(`topic ${topic.code} may not be consulted (不议): give the reason in note`, 'reasonRequired', {
          field: 'note',
        });
      }
      if (topic.allowed && p.routeToRequest) {
        throw ruleViolation('only an item that may not be consulted is handed to 接诉即办', 'routeToRequest');
      }
      const at = w.now();
      const onTime = !s.takeUpDeadline || Date.parse(at) <= Date.parse(s.takeUpDeadline);
      if (topic.allowed) {
        s.screening = { topic, forConsultation: true, note: p.note ?? null, by: who(a), at, route: null, routedRequestId: null };
        s.status = 'SCREENED';
        await w.record('SCREENED', who(a), p.note, { topic: topic.code, topicName: topic.name, forConsultation: true, onTime });
        return;
      }
      const routedRequestId = p.routeToRequest ? await handOverToRequest(w, p.routeToRequest) : null;
      s.screening = {
        topic,
        forConsultation: false,
        note: p.note ?? null,
        by: who(a),
        at,
        route: p.routeToRequest ?? null,
        routedRequestId,
      };
      s.status = 'REJECTED';
      s.outcome = 'NOT_FOR_CONSULTATION';
      await w.record('NOT_FOR_CONSULTATION', who(a), `${topic.name}${p.note ? `: ${p.note}` : ''}`, {
        topic: topic.code,
        forConsultation: false,
        routedRequestId,
        onTime,
      });
      await archive(w);
    },
  },
};
