import { z } from 'zod';
import {
  CONSULTATION_FORMS,
  CONSULTATION_SATISFACTION,
  CONSULTATION_SOURCES,
  CONSULTATION_TRACKS,
  PARTICIPANT_CATEGORIES,
  RATER_KINDS,
} from './consultation-model';
import { REQUEST_TYPES, URGENCIES } from './request-model';
import { unitCodeSchema } from './request-schemas';

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

const text = (max: number) => z.string().trim().min(1, { abort: true }).max(max).regex(/\S/, 'must not be blank');
const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number of 5–20 digits');
const isoDateTime = () => z.iso.datetime({ offset: true });

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

// ---------------------------------------------------------------------------------------- 定
const routeCore = {
  categoryCode: unitCodeSchema.describe('事项目录 code of the new 接诉即办 request'),
  type: z.enum(REQUEST_TYPES).default('求助'),
  urgency: z.enum(URGENCIES).default('GENERAL'),
};

/** The screening payload as the workflow sees it: no personal data. */
export const screenSchema = z.object({
  topicCode: unitCodeSchema.describe('五议五不议 catalogue entry the item falls under'),
  note: z.string().trim().max(2000).optional(),
  routeToRequest: z.object(routeCore).optional(),
});

/** The screening body the API accepts: the routing details (address, citizen) go to PostgreSQL only. */
export const screenBodySchema = z.object({
  topicCode: screenSchema.shape.topicCode,
  note: screenSchema.shape.note.describe('The screening note; required (the reason) when the topic may not be consulted (不议)'),
  routeToRequest: z
    .object({
      ...routeCore,
      description: text(4000).optional().describe('Defaults to the item’s title and description'),
      location: z.object({ unitCode: unitCodeSchema, address: text(500) }),
      citizen: z
        .object({ name: text(100), phone: phoneSchema })
        .optional()
        .describe('Defaults to the item’s proposer'),
    })
    .optional()
    .describe('When the item may not be consulted and is a citizen’s request: hand it to 接诉即办'),
});

/** A 不议 decision is a refusal: like every refusal it states its reason. */
export const notForConsultationReasonSchema = z.object({
  note: text(2000).describe('Why the item may not be consulted (不议)'),
});

export const participantSchema = z.object({
  id: personIdSchema,
  category: z.enum(PARTICIPANT_CATEGORIES),
  label: z.string().trim().max(100).optional().describe('Non-personal label, e.g. the organisation'),
});

export const setParticipantsSchema = z.object({
  participants: z.array(participantSchema).min(1).max(200).describe('"1+8+N": convener, representatives, interested parties'),
  form: z.enum(CONSULTATION_FORMS).describe('MEETING, BENCH (板凳议事) or ONLINE'),
  note: z.string().trim().max(2000).optional(),
});

export const scheduleMeetingSchema = z.object({
  meetingAt: isoDateTime().describe('At least 3 days (72 h) after this notice'),
  place: z.string().trim().max(200).optional().describe('e.g. 社区议事厅, or the online room'),
  agenda: z.string().trim().max(2000).optional(),
});

// ---------------------------------------------------------------------------------------- 议
export const recordMeetingSchema = z.object({
  attendees: z.array(personIdSchema).max(200).describe('Sign-in sheet: participant ids present'),
  opinions: z
    .array(z.object({ participantId: personIdSchema.optional(), text: text(2000) }))
    .max(200)
    .default([]),
  votes: z
    .object({
      inFavour: z.array(personIdSchema).max(200).default([]),
      against: z.array(personIdSchema).max(200).default([]),
      abstain: z.array(personIdSchema).max(200).default([]),
    })
    .describe('Show of hands: ids of attendees by vote'),
  proposal: text(4000).describe('The 协商意见 put to the vote'),
  minutes: text(8000).describe('会议纪要'),
});

// ---------------------------------------------------------------------------------------- 公
export const PUBLICITY_CHANNELS = ['BOARD', 'ONLINE', 'WECHAT'] as const;
export const publishSchema = z.object({
  text: z.string().trim().max(4000).optional().describe('The notice text; defaults to the 协商意见'),
  channels: z.array(z.enum(PUBLICITY_CHANNELS)).min(1).max(3).default(['BOARD', 'ONLINE']),
});

export const objectSchema = z.object({
  residentId: personIdSchema.optional().describe('The objecting resident, when known'),
  text: text(2000),
});

export const decideObjectionSchema = z.object({
  objectionNo: z.number().int().min(1).max(10_000),
  substantive: z.boolean().describe('true: the objection goes to the substance and the item returns to 议'),
  reason: text(2000),
});

// ---------------------------------------------------------------------------------------- 办/督
export const assignSchema = z.object({
  owner: z.object({
    label: text(100).describe('Who carries it out, e.g. 物业公司 or 社区居委会 (a role or organisation)'),
    unitCode: unitCodeSchema.optional().describe('The unit notified of reminders, default the community'),
  }),
  deadline: isoDateTime().optional().describe('Default: 30 days from assignment'),
  volunteers: z.array(personIdSchema).max(100).default([]).describe('Residents volunteering in 办 (治理积分)'),
  note: z.string().trim().max(2000).optional(),
});

/** 办 → 接诉即办: the workflow sees the request id only; the API wrote the Request row first. */
export const dispatchRequestSchema = z.object({
  requestId: z.string().trim().min(1).max(64),
});

/** What the API accepts to create a unit task as a 接诉即办 request (personal data: PostgreSQL only). */
export const dispatchRequestBodySchema = z.object({
  ...routeCore,
  description: text(4000).describe('The task for the unit'),
  location: z.object({ unitCode: unitCodeSchema, address: text(500) }),
  contact: z.object({ name: text(100), phone: phoneSchema }).describe('Contact at the community office (the requester)'),
});

export const progressSchema = z.object({
  percent: z.number().int().min(0).max(100).describe('100 completes 办 and opens 评'),
  note: text(2000).describe('Timeline entry text'),
  date: z.iso.date().optional().describe('Date of the timeline entry (YYYY-MM-DD); default today'),
  evidence: z.array(z.string().trim().min(1).max(500)).max(20).default([]).describe('Photos, documents (URLs or descriptions)'),
  volunteers: z.array(personIdSchema).max(100).default([]),
});

// ---------------------------------------------------------------------------------------- 评
export const evaluateSchema = z.object({
  raterId: personIdSchema,
  raterKind: z.enum(RATER_KINDS),
  satisfaction: z.enum(CONSULTATION_SATISFACTION),
  comment: z.string().trim().max(2000).optional(),
});

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
