import type { Role } from '../auth/roles';

/**
 * Who needs which personal field, and why (PIPL art. 6: the minimum for the purpose). The prose
 * version of these tables, with the reasons, is docs/pipl.md; a change here changes that page too.
 *
 * `full`: the caller's task needs the value. `masked`: the caller only has to tell records apart.
 * `withheld`: the caller's task does not touch the field at all (answered as null). Anything not
 * `full` can be asked for through the recorded reveal (POST …/reveal) by the roles in REVEAL_ROLES.
 */
export const ACCESS_LEVELS = ['full', 'masked', 'withheld'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

/** The personal fields of a request (工单), named as in the API body. */
export const REQUEST_PERSONAL_FIELDS = ['citizen.name', 'citizen.phone', 'location.address', 'description'] as const;
export type RequestPersonalField = (typeof REQUEST_PERSONAL_FIELDS)[number];

/** The personal fields of a consultation item (议题). The topic itself is for public deliberation. */
export const CONSULTATION_PERSONAL_FIELDS = ['proposer.name', 'proposer.phone'] as const;
export type ConsultationPersonalField = (typeof CONSULTATION_PERSONAL_FIELDS)[number];

export type PersonalField = RequestPersonalField | ConsultationPersonalField;
export const PERSONAL_FIELDS: readonly PersonalField[] = [...REQUEST_PERSONAL_FIELDS, ...CONSULTATION_PERSONAL_FIELDS];

type Policy<F extends string> = Record<F, Access>;

const NOTHING_PERSONAL = {
  'citizen.name': 'masked',
  'citizen.phone': 'masked',
  'location.address': 'withheld',
  description: 'withheld',
} as const satisfies Policy<RequestPersonalField>;

/** Requests, per role (the scope rules still decide which requests a role sees at all). */
export const REQUEST_FIELD_POLICY: Record<Role, Policy<RequestPersonalField>> = {
  // 受理 and 回访: took the call and calls the citizen back; sees only the requests it created.
  intake: { 'citizen.name': 'full', 'citizen.phone': 'full', 'location.address': 'full', description: 'full' },
  // 派单: routes by what and where; does not call the citizen (reveal to clarify a ticket).
  dispatcher: { 'citizen.name': 'masked', 'citizen.phone': 'masked', 'location.address': 'full', description: 'full' },
  // 办理 on site: what, where and whom to ask for; the phone by reveal when making the 响应 call.
  handler: { 'citizen.name': 'full', 'citizen.phone': 'masked', 'location.address': 'full', description: 'full' },
  convener: { 'citizen.name': 'full', 'citizen.phone': 'masked', 'location.address': 'full', description: 'full' },
  // 延期/暂停/不合理诉求 decisions are on the content and the clock, not on who or where.
  supervisor: { 'citizen.name': 'masked', 'citizen.phone': 'masked', 'location.address': 'withheld', description: 'full' },
  // Audits the process (timeline, deadlines, rates); a complaint investigation reveals with a purpose.
  auditor: NOTHING_PERSONAL,
  // Maintains the catalogue and the org tree: no task on citizens' data.
  admin: NOTHING_PERSONAL,
};

/**
 * Consultation items: the proposer's name and phone are for whoever organises the item: the
 * convener of its community, and whoever collected it (the hotline operator or grid worker who
 * wrote it down). Everyone else, including intake staff of other communities, sees them masked.
 */
export function consultationFieldPolicy(related: boolean): Policy<ConsultationPersonalField> {
  return related ? { 'proposer.name': 'full', 'proposer.phone': 'full' } : { 'proposer.name': 'masked', 'proposer.phone': 'masked' };
}

/** Roles that may reveal a full value, always with a written purpose that the access log keeps. */
export const REVEAL_ROLES: readonly Role[] = ['intake', 'dispatcher', 'handler', 'convener', 'supervisor', 'auditor'];
