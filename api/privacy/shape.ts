import type { Principal } from '../auth/tokens';
import {
  CONSULTATION_PERSONAL_FIELDS,
  REQUEST_FIELD_POLICY,
  REQUEST_PERSONAL_FIELDS,
  consultationFieldPolicy,
  type Access,
} from './field-policy';
import { maskName, maskPhone } from './masks';
import type { ShapedProposer, ShapedRequestPersonal } from './views';

/**
 * The one place where personal fields are cut to what the caller's role needs (field-policy.ts).
 * Every route that answers a request or a consultation item passes its view through here.
 */

function apply(access: Access, value: string | null, mask: (v: string) => string): string | null {
  if (value === null || access === 'full') return value;
  return access === 'masked' ? mask(value) : null;
}

function disclosure<F extends string>(fields: readonly F[], policy: Record<F, Access>) {
  return {
    full: fields.filter((f) => policy[f] === 'full'),
    masked: fields.filter((f) => policy[f] === 'masked'),
    withheld: fields.filter((f) => policy[f] === 'withheld'),
  };
}

export interface RequestPersonal {
  description: string;
  location: { unitCode: string; address: string };
  citizen: { name: string; phone: string };
}

export function shapeRequest<V extends RequestPersonal>(view: V, who: Principal): Omit<V, keyof RequestPersonal> & ShapedRequestPersonal {
  const policy = REQUEST_FIELD_POLICY[who.role];
  const { description, location, citizen, ...rest } = view;
  const keep = (v: string) => v;
  const withholdText = () => '';
  return {
    ...rest,
    // A description is free text: there is no useful mask, so it is either there or not.
    description: apply(policy.description === 'masked' ? 'withheld' : policy.description, description, withholdText),
    location: { unitCode: location.unitCode, address: apply(policy['location.address'], location.address, keep) },
    citizen: {
      name: apply(policy['citizen.name'], citizen.name, maskName),
      phone: apply(policy['citizen.phone'], citizen.phone, maskPhone),
    },
    personalData: disclosure(REQUEST_PERSONAL_FIELDS, policy),
  };
}

export interface ConsultationPersonal {
  communityCode: string;
  proposer: { residentId: string | null; name: string | null; phone: string | null };
}

/** Is the caller the one who organises (convener of the community) or collected the item? */
export function relatedToItem(who: Principal, item: { communityCode: string; createdBy: string }): boolean {
  return (who.role === 'convener' && who.unitCode === item.communityCode) || item.createdBy === who.subject;
}

export function shapeConsultation<V extends ConsultationPersonal>(
  view: V,
  who: Principal,
  item: { communityCode: string; createdBy: string },
): Omit<V, 'proposer'> & ShapedProposer {
  const policy = consultationFieldPolicy(relatedToItem(who, item));
  const { proposer, ...rest } = view;
  return {
    ...rest,
    proposer: {
      residentId: proposer.residentId,
      name: apply(policy['proposer.name'], proposer.name, maskName),
      phone: apply(policy['proposer.phone'], proposer.phone, maskPhone),
    },
    personalData: disclosure(CONSULTATION_PERSONAL_FIELDS, policy),
  };
}
