import * as schemas from '../../domain/consultations/actions';
import * as cdefs from '../consultation-definitions';
import type { ConsultationContext } from './context';
import { ruleViolation } from './failures';
import type { HandOver } from './hand-over';

/** 定: screening an item against the 五议五不议 catalogue (a request is handed to 接诉即办). */
export function registerScreening(
  c: ConsultationContext,
  { handOverToRequest, archive }: { handOverToRequest: HandOver['handOverToRequest']; archive: () => Promise<void> },
) {
  const { s, input, acts, now, who, record, action } = c;

  // ---------------------------------------------------------------- 定: screening against 五议五不议
  action(cdefs.screenUpdate, 'screen', schemas.screenSchema, async (p, a) => {
    const topic = await acts.findConsultationTopic(input.communityCode, p.topicCode);
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
    const at = now();
    const onTime = !s.takeUpDeadline || Date.parse(at) <= Date.parse(s.takeUpDeadline);
    if (topic.allowed) {
      s.screening = { topic, forConsultation: true, note: p.note ?? null, by: who(a), at, route: null, routedRequestId: null };
      s.status = 'SCREENED';
      await record('SCREENED', who(a), p.note, { topic: topic.code, topicName: topic.name, forConsultation: true, onTime });
      return;
    }
    let routedRequestId: string | null = null;
    if (p.routeToRequest) routedRequestId = await handOverToRequest(p.routeToRequest);
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
    await record('NOT_FOR_CONSULTATION', who(a), `${topic.name}${p.note ? `: ${p.note}` : ''}`, {
      topic: topic.code,
      forConsultation: false,
      routedRequestId,
      onTime,
    });
    await archive();
  });
}
