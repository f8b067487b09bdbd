import { z } from 'zod';
import { CONSULTATION_PERSONAL_FIELDS, REQUEST_PERSONAL_FIELDS } from './field-policy';

/**
 * The personal parts of the views as the caller receives them, after shaping. Routes answer
 * these (api/privacy/shape.ts builds them) and the OpenAPI document is generated from them, so the
 * document says which fields may be masked or null.
 */
const fieldList = <F extends readonly [string, ...string[]]>(fields: F) => z.array(z.enum(fields));

const disclosure = <F extends readonly [string, ...string[]]>(fields: F) =>
  z
    .object({
      full: fieldList(fields).describe('Fields in this reply in full (the caller’s role needs them)'),
      masked: fieldList(fields).describe('Fields in this reply masked, e.g. a phone as 138****0000'),
      withheld: fieldList(fields).describe('Fields answered as null: the caller’s role does not need them'),
    })
    .describe('How the personal fields were shaped for the caller’s role (see docs/pipl.md); POST …/reveal answers a full value and is recorded');

export const requestDisclosureSchema = disclosure(REQUEST_PERSONAL_FIELDS);
export const consultationDisclosureSchema = disclosure(CONSULTATION_PERSONAL_FIELDS);

const maybeMasked = (what: string) => z.string().nullable().describe(`${what}; masked or null unless the caller’s role needs it`);

export const shapedRequestPersonalSchema = z.object({
  description: maybeMasked('What the citizen reported'),
  location: z.object({ unitCode: z.string(), address: maybeMasked('Street address') }),
  citizen: z.object({ name: maybeMasked('Citizen’s name (masked: 张*)'), phone: maybeMasked('Citizen’s phone (masked: 138****0000)') }),
  personalData: requestDisclosureSchema,
});
export type ShapedRequestPersonal = z.infer<typeof shapedRequestPersonalSchema>;

export const shapedProposerSchema = z.object({
  proposer: z.object({
    residentId: z.string().nullable().describe('Pseudonymous resident id (治理积分)'),
    name: maybeMasked('Proposer’s name (masked: 王*)'),
    phone: maybeMasked('Proposer’s phone (masked: 139****0000)'),
  }),
  personalData: consultationDisclosureSchema,
});
export type ShapedProposer = z.infer<typeof shapedProposerSchema>;

/** POST /v1/requests/{id}/reveal */
export const revealRequestSchema = z.object({
  fields: z.array(z.enum(REQUEST_PERSONAL_FIELDS)).min(1).describe('The fields to answer in full'),
  purpose: z.string().trim().min(4).max(500).describe('Why the full value is needed now (kept in the access log)'),
});
/** POST /v1/consultations/{id}/reveal */
export const revealConsultationSchema = z.object({
  fields: z.array(z.enum(CONSULTATION_PERSONAL_FIELDS)).min(1).describe('The fields to answer in full'),
  purpose: z.string().trim().min(4).max(500).describe('Why the full value is needed now (kept in the access log)'),
});

export const revealResultSchema = z.object({
  id: z.string(),
  values: z.record(z.string(), z.string().nullable()).describe('Field name → full value (null when the record has none)'),
  purpose: z.string(),
});
