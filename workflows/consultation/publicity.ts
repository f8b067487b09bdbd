import { CONSULTATION_LIMITS } from '../../domain/consultation-model';
import * as schemas from '../../domain/consultations/actions';
import * as cdefs from '../consultation-definitions';
import { currentPublicity } from '../consultation-state';
import type { ConsultationContext } from './context';
import { ruleViolation } from './failures';
import { beijingTime } from '../../domain/time';

/** 公: the 7-day publicity of the resolution, objections and their decisions. */
export function registerPublicity(c: ConsultationContext) {
  const { s, input, itemId, now, due, who, record, notify, action } = c;

  // ---------------------------------------------------------------- 公: 7-day publicity, objections
  action(cdefs.publishUpdate, 'publish', schemas.publishSchema, async (p, a) => {
    const startedAt = now();
    const endsAt = await due(startedAt, CONSULTATION_LIMITS.PUBLICITY);
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
    await record('PUBLICITY_STARTED', who(a), undefined, { endsAt, channels: p.channels });
    await notify('PUBLICITY_POSTED', input.communityCode, `协商意见公示: 议题 ${itemId}，公示至 ${beijingTime(endsAt)}`, { endsAt });
  });

  action(
    cdefs.objectUpdate,
    'object',
    schemas.objectSchema,
    async (p, a) => {
      const pub = currentPublicity(s)!;
      const no = pub.objections.length + 1;
      pub.objections.push({ no, residentId: p.residentId ?? null, text: p.text, at: now(), by: who(a), decision: null });
      await record('OBJECTION', who(a), p.text, { no, residentId: p.residentId ?? null });
      await notify('OBJECTION_RECEIVED', input.communityCode, `公示异议: 议题 ${itemId} 收到第${no}条异议，请召集人认定`, { no });
    },
    () => {
      const pub = currentPublicity(s);
      if (!pub || pub.windowClosed) throw ruleViolation('the publicity window has closed', 'publicityClosed');
    },
  );

  action(
    cdefs.decideObjectionUpdate,
    'decideObjection',
    schemas.decideObjectionSchema,
    async (p, a) => {
      const pub = currentPublicity(s)!;
      const objection = pub.objections.find((o) => o.no === p.objectionNo)!;
      objection.decision = { substantive: p.substantive, reason: p.reason, by: who(a), at: now() };
      await record('OBJECTION_DECIDED', who(a), p.reason, { no: p.objectionNo, substantive: p.substantive });
      if (p.substantive) {
        pub.outcome = 'RETURNED_TO_DELIBERATION';
        s.status = 'REDELIBERATION';
        await record('RETURNED_TO_DELIBERATION', who(a), p.reason, { objection: p.objectionNo });
      } else if (pub.windowClosed && pub.objections.every((o) => o.decision)) {
        await finishPublicity();
      }
    },
    (p) => {
      const objection = currentPublicity(s)?.objections.find((o) => o.no === p.objectionNo);
      if (!objection) throw ruleViolation(`no objection ${p.objectionNo} in this publicity`, 'unknownObjection');
      if (objection.decision) throw ruleViolation(`objection ${p.objectionNo} is already decided`, 'objectionDecided');
    },
  );

  async function finishPublicity() {
    const pub = currentPublicity(s)!;
    pub.outcome = 'COMPLETED';
    s.status = 'PUBLICIZED';
    await record('PUBLICITY_COMPLETED', 'system', undefined, { objections: pub.objections.length });
  }

  return { finishPublicity };
}
