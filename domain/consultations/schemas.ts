import { z } from 'zod';
import { CONSULTATION_SOURCES, CONSULTATION_TRACKS, PARTICIPANT_CATEGORIES } from './model';
import { unitCodeSchema } from '../requests/schemas';

/**
 * What callers may send for 社区议事协商. The API validates with these schemas and the workflow
 * validates its update payloads with the same ones (the API-only shapes carry personal data that
 * stays in PostgreSQL and never enters workflow history).
 */

/** A resident, staff or organisation id: pseudonymous, never a name. */
export const personIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'letters, digits, _ . : or -');

export const text = (max: number) => z.string().trim().min(1, { abort: true }).max(max).regex(/\S/, 'must not be blank');
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number of 5–20 digits');

export const createConsultationSchema = z
  .object({
    communityCode: unitCodeSchema.describe('The community (社区) whose 议事会 takes the item, see GET /v1/units'),
    title: text(200).describe('议题'),
    description: text(4000),
    source: z.enum(CONSULTATION_SOURCES).describe('集: resident, grid worker, the community itself, or a 12345 hotspot'),
    track: z.enum(CONSULTATION_TRACKS).default('DEEP').describe('即时议 INSTANT (48 h) or 深入议 DEEP (5 working days)'),
    proposer: z
      .object({
        residentId: personIdSchema.optional().describe('The proposing resident (earns 治理积分 for the topic)'),
        name: text(100).optional(),
        phone: phoneSchema.optional(),
      })
      .optional()
      .describe('Who raised the item; name and phone stay in PostgreSQL'),
    hotspotRequestIds: z.array(z.string().trim().min(1).max(64)).max(50).optional().describe('接诉即办 requests behind a HOTSPOT item'),
  })
  .superRefine((v, ctx) => {
    if (v.source === 'HOTSPOT' && !v.hotspotRequestIds?.length) {
      ctx.addIssue({ code: 'custom', path: ['hotspotRequestIds'], message: 'a HOTSPOT item lists the requests behind it' });
    }
    if (v.source === 'RESIDENT' && !v.proposer?.residentId) {
      ctx.addIssue({ code: 'custom', path: ['proposer', 'residentId'], message: 'a resident’s item names the resident' });
    }
  });
export type CreateConsultationInput = z.infer<typeof createConsultationSchema>;

// The step actions' payloads (screen, setParticipants, …) live beside the consultation action
// table: domain/consultations/actions.ts.

// ---------------------------------------------------------------------------------------- admin
export const catalogueEntrySchema = z.object({
  code: unitCodeSchema,
  name: text(200),
  allowed: z.boolean().describe('true: may be consulted (五议); false: may not (五不议)'),
  description: z.string().trim().max(2000).default(''),
  requiredCategories: z.array(z.enum(PARTICIPANT_CATEGORIES)).max(10).default([]),
});

export const putCatalogueSchema = z
  .object({ items: z.array(catalogueEntrySchema).min(1).max(100) })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.items.forEach((item, i) => {
      if (seen.has(item.code)) ctx.addIssue({ code: 'custom', path: ['items', i, 'code'], message: `duplicate code ${item.code}` });
      seen.add(item.code);
    });
  });

export const reversalSchema = z.object({
  // Ledger ids are PostgreSQL integers (int4): a larger number is a 400 naming the field, not a
  // database error (a 500 the fuzzer found).
  entryId: z.number().int().positive().max(2_147_483_647).describe('The ledger entry to correct'),
  reason: text(500),
});
