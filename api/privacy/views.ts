import { z } from 'zod';
import type { ChainProblem } from '../../infra/archive-chain';
import { accessEntrySchema } from '../audit/audit-query';
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
export type RevealResult = z.infer<typeof revealResultSchema>;

// ---------------------------------------------------------------------------------------------
// The other replies of the privacy endpoints: one source for the routes that answer them
// (api/routes/public-reply.ts, api/routes/audit.ts) and for the OpenAPI document.
// ---------------------------------------------------------------------------------------------

/** PUT /v1/requests/{id}/public-reply: the text Open311 publishes and who approved it. */
export const publicReplyResultSchema = z.object({
  id: z.string(),
  text: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
});
export type PublicReplyResult = z.infer<typeof publicReplyResultSchema>;

/** GET /v1/audit/access: one page of the access log, newest first. */
export const accessLogPageSchema = z.object({
  items: z.array(accessEntrySchema),
  nextCursor: z.number().int().nullable(),
});
export type AccessLogPage = z.infer<typeof accessLogPageSchema>;

/** Why a record breaks the archive chain (infra/archive-chain.ts finds them). */
export const CHAIN_PROBLEMS = [
  'CONTENT_HASH_MISMATCH',
  'RECORD_HASH_MISMATCH',
  'PREVIOUS_HASH_MISMATCH',
  'SEQUENCE_GAP',
  'UNKNOWN_KEY',
  'BAD_SIGNATURE',
] as const satisfies readonly ChainProblem[];

/** GET /v1/archive/verify: the chain's verification (infra/archive-chain.ts) and when it ran. */
export const archiveVerificationSchema = z.object({
  valid: z.boolean(),
  records: z.number().int().describe('Records in the chain'),
  unchained: z.number().int().describe('Records written before the chain existed (not covered)'),
  lastRecordHash: z.string().nullable().describe('Hash of the last record that verified'),
  firstBreak: z.object({ chainSeq: z.number().int(), itemId: z.string(), problem: z.enum(CHAIN_PROBLEMS) }).nullable(),
  checkedAt: z.string(),
});
export type ArchiveVerification = z.infer<typeof archiveVerificationSchema>;
