/**
 * Open311 GeoReport v2 (JSON and XML: api/open311-format.ts) over the request intake and the read model (mapping in
 * README.md). The routes are in api/routes/open311.ts; this module holds the mapping so it can
 * be tested and reused without HTTP.
 *
 * Decisions:
 * - Reads (`GET requests.json`, `GET requests/{id}.json`) are public, as in most Open311
 *   deployments, and therefore carry NO personal data: no name, phone, street address or the
 *   Open311 `address` (always null). Only what was written for publication goes out
 *   (open311-publication.ts): the approved public reply, the category, the status, times to the
 *   day, the location to the street; a description only with the citizen's consent at intake, with
 *   names and numbers masked, and never for a 举报 (举报人 protection).
 *   Only `POST requests.json` needs an `api_key`.
 * - `status` is `closed` once the request has reached 办结 (RESOLVED and after: REVIEWED,
 *   CALLBACK, RATED, RECHECK, ARCHIVED) or ended otherwise (ANSWERED_DIRECT, WITHDRAWN). A 重办
 *   (review REDO, unsatisfied callback) re-opens it, which Open311 allows. A MERGED duplicate stays
 *   `open`: its problem is still being handled under the master request, and its citizen still
 *   gets a 回访; `status_notes` names the master. The detailed state is in `huiying_status`.
 * - Records come from the PostgreSQL read model only (never a Temporal query), so public reads
 *   put no load on Temporal; the workflow projects every transition before an update returns.
 */
import type { Request as RequestRow, PrismaClient } from '@prisma/client';
import { z } from 'zod';
import { REQUEST_TYPES, STATUS_LABELS, URGENCIES, type RequestStatus } from '../../domain/requests/model';
import { createRequestSchema, type CreateRequestInput } from '../../domain/requests/schemas';
import { SHANGHAI_OFFSET_MS } from '../../domain/shared/time';
import { badRequest, HttpError, notFound } from '../errors';
import { clampInstant } from '../query-params';
import { acceptRequest, type IntakeDeps } from '../requests/intake';
import { publicStatusNotes, streetOf, toOpen311Day } from './open311-publication';

export interface Open311Deps extends IntakeDeps {
  /** api_key → client name (see parseOpen311Keys). */
  apiKeys: Map<string, string>;
}

// ------------------------------------------------------------------------------------ config

/** Shortest api_key accepted in OPEN311_API_KEYS. */
export const MIN_OPEN311_KEY_LENGTH = 16;

/**
 * Parses `OPEN311_API_KEYS` (`name:key,name2:key2`) into api_key → client name. Unset or blank
 * gives an empty map (Open311 reads still work; every POST is refused with 401). Throws on a
 * malformed entry, a key shorter than 16 characters or a key listed twice; messages name the
 * entry and client, never the key.
 */
export function parseOpen311Keys(raw: string | undefined): Map<string, string> {
  const keys = new Map<string, string>();
  if (!raw || !raw.trim()) return keys;
  raw.split(',').forEach((entry, index) => {
    const trimmed = entry.trim();
    if (!trimmed) return;
    const colon = trimmed.indexOf(':');
    const name = colon < 0 ? '' : trimmed.slice(0, colon).trim();
    const key = colon < 0 ? '' : trimmed.slice(colon + 1).trim();
    if (!name || !key) throw new Error(`OPEN311_API_KEYS entry ${index + 1}: expected name:key`);
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
      throw new Error(`OPEN311_API_KEYS entry ${index + 1}: client name may use letters, digits, _ . - only`);
    }
    if (key.length < MIN_OPEN311_KEY_LENGTH) {
      throw new Error(`OPEN311_API_KEYS: the key of client ${name} is shorter than ${MIN_OPEN311_KEY_LENGTH} characters`);
    }
    if (keys.has(key)) throw new Error(`OPEN311_API_KEYS: the key of client ${name} is listed twice`);
    keys.set(key, name);
  });
  return keys;
}

// ------------------------------------------------------------------------------------ status

export type Open311Status = 'open' | 'closed';

/** Open311's two states over the detailed lifecycle (see the module comment). */
export const OPEN311_STATUS: Record<RequestStatus, Open311Status> = {
  RECEIVED: 'open',
  TRIAGED: 'open',
  DISPATCHED: 'open',
  SIGNED: 'open',
  RESPONDED: 'open',
  IN_PROGRESS: 'open',
  SUSPENDED: 'open',
  RETURN_REQUESTED: 'open',
  MERGED: 'open',
  RESOLVED: 'closed',
  REVIEWED: 'closed',
  CALLBACK: 'closed',
  RATED: 'closed',
  RECHECK: 'closed',
  ARCHIVED: 'closed',
  ANSWERED_DIRECT: 'closed',
  WITHDRAWN: 'closed',
};

const statusesWhere = (status: Open311Status): RequestStatus[] =>
  (Object.keys(OPEN311_STATUS) as RequestStatus[]).filter((s) => OPEN311_STATUS[s] === status);

const isKnownStatus = (status: string): status is RequestStatus => status in OPEN311_STATUS;

// ------------------------------------------------------------------------------------ times

/** ISO-8601 in Beijing time with its offset: 2026-11-29T16:00:00.000Z → `2026-11-30T00:00:00+08:00`. */
export function toOpen311Time(instant: Date): string {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString(); // …Z, shifted
  const ms = local.slice(19, 23);
  return `${local.slice(0, 19)}${ms === '.000' ? '' : ms}+08:00`;
}

/** A deadline as a citizen reads it: `2026-11-29 24:00` for the end of a day (民法典 203). */
export function humanDeadline(instant: Date): string {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  const iso = local.toISOString();
  if (iso.slice(11, 16) === '00:00') {
    const previous = new Date(local.getTime() - 1).toISOString();
    return `${previous.slice(0, 10)} 24:00`;
  }
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

// ------------------------------------------------------------------------------------ discovery

/** When this endpoint's contract last changed (discovery's `changeset`): bump it with the contract. */
export const OPEN311_CHANGESET = '2026-12-04T00:00:00+08:00';

/** The spec's service discovery document for the endpoint at `endpointUrl` (…/open311/v2). */
export function open311Discovery(endpointUrl: string) {
  return {
    changeset: OPEN311_CHANGESET,
    contact: '12345 市民服务热线 (Beijing 12345 citizen service hotline)',
    key_service: 'api_key for POST: ask the operator (OPEN311_API_KEYS)',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: endpointUrl,
        changeset: OPEN311_CHANGESET,
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ],
  };
}

// ------------------------------------------------------------------------------------ services

const TYPE_GLOSS: Record<(typeof REQUEST_TYPES)[number], string> = {
  咨询: '咨询 (inquiry)',
  求助: '求助 (request for assistance)',
  投诉: '投诉 (complaint)',
  举报: '举报 (report of an irregularity)',
  建议: '建议 (suggestion)',
};
const URGENCY_NAMES: Record<(typeof URGENCIES)[number], string> = {
  EMERGENCY: '特急 (emergency: life or property at risk)',
  URGENT: '紧急 (urgent)',
  GENERAL: '一般 (general, the default)',
  COMPLEX: '复杂疑难 (complex)',
};
/** attribute[publish_description]'s keys, as consentOf reads them. */
const PUBLISH_CONSENT_VALUES = ['true', 'false'] as const;
const PUBLISH_CONSENT_NAMES: Record<(typeof PUBLISH_CONSENT_VALUES)[number], string> = {
  true: '同意公开（姓名、号码遮蔽） (yes, published with names and numbers masked)',
  false: '不公开，默认 (no, the default)',
};
/** The catalogue has no grouping field yet: every service is in the one 接诉即办 group. */
const SERVICE_GROUP = '接诉即办';

/** Keywords from a catalogue description: `施工、商户、邻里噪音` → `施工,商户,邻里噪音`. */
function keywordsOf(name: string, description: string): string {
  const words = description
    .replace(/[（(][^）)]*[）)]/g, ' ')
    .split(/[、，,；;/\s]+/)
    .map((w) => w.trim())
    .filter(Boolean);
  return [...new Set([name, ...words])].join(',');
}

export async function listServices(prisma: PrismaClient) {
  const categories = await prisma.category.findMany({ where: { active: true }, orderBy: { code: 'asc' } });
  return categories.map((c) => ({
    service_code: c.code,
    service_name: c.name,
    description: c.description,
    metadata: true,
    type: 'realtime' as const,
    keywords: keywordsOf(c.name, c.description),
    group: SERVICE_GROUP,
  }));
}

export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: { key: string; name: string }[];
}

/** The service definition: what `attribute[...]` a client must send for this category. */
export async function serviceDefinition(prisma: PrismaClient, code: string) {
  const category = await prisma.category.findUnique({ where: { code } });
  if (!category || !category.active) throw notFound(`service ${code}`);
  const attributes: Open311Attribute[] = [
    {
      variable: true,
      code: 'type',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: null,
      order: 1,
      description: '诉求类型 (request type)',
      values: REQUEST_TYPES.map((t) => ({ key: t, name: TYPE_GLOSS[t] })),
    },
    {
      variable: true,
      code: 'urgency',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: null,
      order: 2,
      description: '紧急程度 (urgency); GENERAL when omitted. It selects the time limits of the category.',
      values: URGENCIES.map((u) => ({ key: u, name: URGENCY_NAMES[u] })),
    },
    {
      variable: true,
      code: 'unit_code',
      datatype: 'string',
      required: true,
      datatype_description:
        'The code of the grid (网格), community (社区) or street (街道) where the problem is, e.g. G-DFX-01; ' +
        'the list is GET /v1/units. It decides which street handles the request. The Open311 address_id ' +
        'parameter is accepted instead; lat/long alone are refused (400): units are not mapped to coordinates.',
      order: 3,
      description: '问题所在网格、社区或街道编码 (location unit code)',
    },
    {
      variable: true,
      code: 'publish_description',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description:
        'The citizen’s consent, given at intake, to publish the description in the public records of ' +
        'GET requests.json, with names and numbers masked; never for a 举报. false when omitted.',
      order: 4,
      description: '是否同意公开诉求内容 (consent to publish the description)',
      values: PUBLISH_CONSENT_VALUES.map((key) => ({ key, name: PUBLISH_CONSENT_NAMES[key] })),
    },
  ];
  return { service_code: category.code, attributes };
}

// ------------------------------------------------------------------------------------ POST

/** attribute[publish_description]: `true` or `false` (default); anything else fails validation, naming it. */
function consentOf(raw: string | undefined): boolean | string {
  if (!raw || raw === 'false') return false;
  return raw === 'true' ? true : raw;
}

const openText = z.string().trim();
/** The Open311 parameters we read; anything else (email, media_url, device_id, …) is accepted and ignored. */
const postParamsSchema = z.object({
  jurisdiction_id: openText.max(100).optional(),
  service_code: openText.optional(),
  address_string: openText.optional(),
  address_id: openText.optional(),
  description: openText.optional(),
  first_name: openText.optional(),
  last_name: openText.optional(),
  phone: openText.optional(),
  attribute: z.record(z.string(), z.string().trim()).optional(),
  lat: openText.optional(),
  long: openText.optional(),
});

/** Why lat/long cannot place a request: the org tree has no coordinates to map a point to a grid. */
const COORDINATES_UNSUPPORTED =
  'not supported: a location is a grid, community or street code; send attribute[unit_code] or address_id (see GET /v1/units)';

interface FieldProblem {
  field: string;
  message: string;
  code?: string;
}

/** Form posts nest `attribute[type]` (qs); JSON clients may send either form. */
function normalisePostBody(body: unknown): Record<string, unknown> {
  const source = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  const flatAttributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    const flat = /^attribute\[([^\]]+)\]$/.exec(key);
    if (flat) flatAttributes[flat[1]!] = value;
    else out[key] = value;
  }
  if (Object.keys(flatAttributes).length) {
    const nested = out.attribute && typeof out.attribute === 'object' && !Array.isArray(out.attribute) ? out.attribute : {};
    out.attribute = { ...(nested as Record<string, unknown>), ...flatAttributes };
  }
  return out;
}

const hasCjk = (s: string) => /[\u3400-\u9fff]/.test(s);

/** 姓 + 名 without a space for Chinese names (last_name first), `first last` otherwise. */
function citizenName(first?: string, last?: string): string | undefined {
  const parts = [first, last].filter((p): p is string => !!p);
  if (!parts.length) return undefined;
  if (first && last) return hasCjk(first + last) ? `${last}${first}` : `${first} ${last}`;
  return parts[0];
}

/**
 * Maps Open311 parameters to the intake input, validated by the same zod schema as
 * POST /v1/requests. A failure is a 400 naming the Open311 parameters.
 */
export function open311ToCreateInput(body: unknown): CreateRequestInput {
  const raw = postParamsSchema.safeParse(normalisePostBody(body));
  if (!raw.success) {
    throw badRequest(
      'invalid Open311 request',
      raw.error.issues.map((issue) => ({
        field: open311FieldName(issue.path),
        message: issue.message,
        code: issue.code,
      })),
    );
  }
  const p = raw.data;
  const attr = p.attribute ?? {};
  const problems: FieldProblem[] = [];
  const fromAttribute = attr.unit_code || undefined;
  const fromAddressId = p.address_id || undefined;
  if (fromAttribute && fromAddressId && fromAttribute !== fromAddressId) {
    problems.push({ field: 'address_id', message: 'differs from attribute[unit_code]: send one of them, or the same code' });
  }
  if (!fromAttribute && !fromAddressId) {
    for (const field of ['lat', 'long'] as const) {
      if (p[field]) problems.push({ field, message: COORDINATES_UNSUPPORTED, code: 'unsupported_location' });
    }
  }
  const unitField = fromAttribute || !fromAddressId ? 'attribute[unit_code]' : 'address_id';
  const candidate = {
    categoryCode: p.service_code,
    type: attr.type || undefined,
    urgency: attr.urgency || undefined,
    channel: 'WEB',
    description: p.description,
    location: { unitCode: fromAttribute ?? fromAddressId, address: p.address_string },
    citizen: { name: citizenName(p.first_name || undefined, p.last_name || undefined), phone: p.phone },
    publishDescription: consentOf(attr.publish_description),
  };
  const parsed = createRequestSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
      const message = !missing
        ? issue.message
        : (MISSING_MESSAGES[path] ?? 'required');
      const fields = INTERNAL_TO_OPEN311[path] ?? [path];
      for (const field of fields) {
        problems.push({ field: field === 'attribute[unit_code]' ? unitField : field, message, code: issue.code });
      }
    }
  }
  if (problems.length || !parsed.success) throw badRequest('invalid Open311 request', problems);
  return parsed.data;
}

const MISSING_MESSAGES: Record<string, string> = {
  'location.unitCode':
    'required: the grid, community or street code where the problem is (attribute[unit_code] or address_id; see GET /v1/units)',
  'citizen.name': 'required: first_name and/or last_name (the citizen is called back after 办结)',
  'citizen.phone': 'required: the citizen is called back after 办结',
};

/** createRequestSchema paths → the Open311 parameters they come from. */
const INTERNAL_TO_OPEN311: Record<string, string[]> = {
  categoryCode: ['service_code'],
  type: ['attribute[type]'],
  urgency: ['attribute[urgency]'],
  description: ['description'],
  'location.unitCode': ['attribute[unit_code]'],
  'location.address': ['address_string'],
  publishDescription: ['attribute[publish_description]'],
  'citizen.name': ['first_name', 'last_name'],
  'citizen.phone': ['phone'],
};

function open311FieldName(path: readonly PropertyKey[]): string {
  if (path[0] === 'attribute' && path.length > 1) return `attribute[${String(path[1])}]`;
  return path.map(String).join('.') || '(root)';
}

export interface Open311Created {
  created: boolean;
  body: [{ service_request_id: string; service_notice: string; account_id: null }];
}

/** 受理 through the one intake path (update-with-start); the reply is Open311's array shape. */
export async function createOpen311Request(
  deps: IntakeDeps,
  body: unknown,
  clientName: string,
  idempotencyKey?: string,
): Promise<Open311Created> {
  const input = open311ToCreateInput(body);
  // Keys are per client (acceptRequest scopes them by caller): two clients never meet.
  const result = await acceptRequest(deps, input, `open311:${clientName}`, idempotencyKey).catch((err: unknown) => {
    throw renameReferenceFields(err, body);
  });
  const view = result.view;
  const deadline = view.deadlines.resolve ? new Date(view.deadlines.resolve) : null;
  let notice: string;
  if (view.unit) notice = `已受理，派至 ${view.unit.name}${deadline ? `，办结时限 ${humanDeadline(deadline)}` : ''}`;
  else if (input.type === '咨询') notice = `已受理，由12345热线直接答复${deadline ? `，答复时限 ${humanDeadline(deadline)}` : ''}`;
  else notice = '已受理，待派单';
  return {
    created: result.created,
    body: [{ service_request_id: view.requestId, service_notice: notice, account_id: null }],
  };
}

/**
 * acceptRequest names categoryCode / location.unitCode in its 422s (an unknown reference, or a
 * unit that is not 属地): say service_code / address_id or attribute[unit_code], as the client sent.
 */
function renameReferenceFields(err: unknown, body: unknown): unknown {
  if (!(err instanceof HttpError)) return err;
  const usedAddressId = !(normalisePostBody(body).attribute as Record<string, unknown> | undefined)?.unit_code;
  const rename = (field: string) =>
    field === 'categoryCode' ? 'service_code' : field === 'location.unitCode' ? (usedAddressId ? 'address_id' : 'attribute[unit_code]') : field;
  if (err.code === 'UNKNOWN_REFERENCE' && Array.isArray(err.details)) {
    const details = (err.details as FieldProblem[]).map((d) => ({ ...d, field: rename(d.field) }));
    return new HttpError(err.status, err.code, err.message, details);
  }
  const details = err.details as { field?: unknown } | undefined;
  if (err.code === 'RULE_VIOLATION' && details && typeof details.field === 'string') {
    return new HttpError(err.status, err.code, err.message, { ...details, field: rename(details.field) });
  }
  return err;
}

// ------------------------------------------------------------------------------------ GET

/** At most this many records per GET requests.json, and at most this many days between dates (spec). */
export const OPEN311_MAX_RESULTS = 1000;
export const OPEN311_MAX_SPAN_DAYS = 90;
const DAY_MS = 24 * 3600_000;

const dateParam = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
const commaList = (max: number) =>
  z
    .string()
    .transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))])
    .refine((items) => items.length <= max, `at most ${max} values`);

export const open311ListQuerySchema = z.object({
  service_request_id: commaList(OPEN311_MAX_RESULTS)
    .refine((ids) => ids.every((id) => id.length <= 64), 'ids are at most 64 characters')
    .optional()
    .describe('Comma-separated ids; when given, every other filter is ignored'),
  service_code: commaList(100).optional().describe('Comma-separated service codes'),
  start_date: dateParam.optional().describe('Requested at or after (ISO-8601; a date is 00:00 Beijing time)'),
  end_date: dateParam.optional().describe('Requested at or before (ISO-8601; a date is its 24:00 Beijing time)'),
  status: commaList(2)
    .refine((xs) => xs.every((x) => x === 'open' || x === 'closed'), 'open, closed, or open,closed')
    .optional(),
  jurisdiction_id: z.string().max(100).optional(),
  api_key: z.string().optional().describe('Ignored: reads are public'),
});
export type Open311ListQuery = z.infer<typeof open311ListQuerySchema>;

/** A local date `YYYY-MM-DD` in Beijing as the instant it starts, or (end) the last instant of it. */
function dateBound(value: string, end: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS;
    return new Date(end ? start + DAY_MS - 1 : start);
  }
  return new Date(value);
}

/** The window of a list query: the spec's default is the last 90 days; a longer span is a 400. */
export function dateWindow(q: Pick<Open311ListQuery, 'start_date' | 'end_date'>, now = new Date()): { from: Date; to: Date } {
  const span = OPEN311_MAX_SPAN_DAYS * DAY_MS;
  let from = q.start_date ? dateBound(q.start_date, false) : undefined;
  let to = q.end_date ? dateBound(q.end_date, true) : undefined;
  if (!from && !to) to = now;
  if (!from) from = new Date(to!.getTime() - span);
  if (!to) to = new Date(from.getTime() + span);
  // Years outside 1970–9999 select what those bounds do (and PostgreSQL cannot hold year 0).
  from = clampInstant(from);
  to = clampInstant(to);
  if (from > to) throw badRequest('invalid query', [{ field: 'end_date', message: 'must not be before start_date' }]);
  if (to.getTime() - from.getTime() > span) {
    throw badRequest('invalid query', [{ field: 'end_date', message: `start_date and end_date span at most ${OPEN311_MAX_SPAN_DAYS} days` }]);
  }
  return { from, to };
}

export async function findOpen311Requests(prisma: PrismaClient, q: Open311ListQuery, now = new Date()) {
  let where: NonNullable<Parameters<PrismaClient['request']['findMany']>[0]>['where'];
  if (q.service_request_id?.length) {
    where = { id: { in: q.service_request_id } };
  } else {
    const { from, to } = dateWindow(q, now);
    const statuses = q.status?.length === 1 ? statusesWhere(q.status[0] as Open311Status) : undefined;
    where = {
      receivedAt: { gte: from, lte: to },
      ...(q.service_code?.length ? { categoryCode: { in: q.service_code } } : {}),
      ...(statuses ? { status: { in: statuses } } : {}),
    };
  }
  const rows = await prisma.request.findMany({
    where,
    orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
    take: OPEN311_MAX_RESULTS,
  });
  return presentOpen311(prisma, rows);
}

export async function findOpen311Request(prisma: PrismaClient, id: string) {
  const row = await prisma.request.findUnique({ where: { id } });
  if (!row) throw notFound(`service request ${id}`);
  return presentOpen311(prisma, [row]);
}

/** Events whose text is the reply to the citizen (办理/回复意见), or that explain the state. */
const NOTE_EVENTS = ['MERGED'];

interface NoteEvent {
  requestId: string;
  type: string;
  reason: string | null;
  data: unknown;
}

const dataField = (data: unknown, key: string): string | null => {
  if (!data || typeof data !== 'object') return null;
  const value = (data as Record<string, unknown>)[key];
  return typeof value === 'string' && value ? value : null;
};

/** The master a merged duplicate points to, from its latest MERGED event. */
function mergedInto(events: NoteEvent[]): string | null {
  const merged = events.find((e) => e.type === 'MERGED');
  return merged ? dataField(merged.data, 'masterId') : null;
}

const PHONE_LIKE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)|(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)|\d{7,}/g;

/** Masks what would identify the citizen in a public description. */
export function publicDescription(row: Pick<RequestRow, 'description' | 'type' | 'citizenName' | 'citizenPhone' | 'address'>): string | null {
  if (row.type === '举报') return null;
  let text = row.description;
  for (const secret of [row.citizenPhone, row.address, row.citizenName]) {
    if (secret && secret.trim().length >= 2) text = text.split(secret.trim()).join('***');
  }
  // Any other phone-like number: mobiles (138 0000 0000), landlines (010-12345678), 7+ digits in a row.
  return text.replace(PHONE_LIKE, '***');
}

export interface Open311Record {
  service_request_id: string;
  status: Open311Status;
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address_id: string;
  /** The spec's location and media keys: always null (no street address in public records, no coordinates, no media). */
  address: null;
  lat: null;
  long: null;
  zipcode: null;
  media_url: null;
  huiying_status: string;
  huiying_status_label: string;
}

async function presentOpen311(prisma: PrismaClient, rows: RequestRow[]): Promise<Open311Record[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [categories, units, events] = await Promise.all([
    prisma.category.findMany({ where: { code: { in: [...new Set(rows.map((r) => r.categoryCode))] } } }),
    // The whole org tree (a few hundred rows): unit names and the street above each location.
    prisma.unit.findMany({ select: { code: true, name: true, tier: true, parentCode: true } }),
    prisma.requestEvent.findMany({
      where: { requestId: { in: ids }, type: { in: NOTE_EVENTS } },
      orderBy: [{ requestId: 'asc' }, { seq: 'desc' }],
      select: { requestId: true, type: true, reason: true, data: true },
    }),
  ]);
  const categoryName = new Map(categories.map((c) => [c.code, c.name]));
  const unitName = new Map(units.map((u) => [u.code, u.name]));
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const eventsByRequest = new Map<string, NoteEvent[]>();
  for (const e of events) eventsByRequest.set(e.requestId, [...(eventsByRequest.get(e.requestId) ?? []), e]);

  return rows.map((row) => {
    const status = isKnownStatus(row.status) ? OPEN311_STATUS[row.status] : 'open';
    const agency = row.currentUnitCode ? (unitName.get(row.currentUnitCode) ?? row.currentUnitCode) : null;
    // Only the platform's own sentences: a handler's service notice was written to the citizen.
    let notice: string | null = null;
    if (status === 'open') {
      if (agency) notice = `派至 ${agency}${row.resolveDeadline ? `，办结时限 ${humanDeadline(row.resolveDeadline)}` : ''}`;
      else if (row.type === '咨询') notice = `由12345热线直接答复${row.resolveDeadline ? `，答复时限 ${humanDeadline(row.resolveDeadline)}` : ''}`;
    }
    return {
      service_request_id: row.id,
      status,
      status_notes: publicStatusNotes(row, mergedInto(eventsByRequest.get(row.id) ?? [])),
      service_name: categoryName.get(row.categoryCode) ?? null,
      service_code: row.categoryCode,
      description: row.publicDescriptionConsent ? publicDescription(row) : null,
      agency_responsible: agency,
      service_notice: notice,
      requested_datetime: toOpen311Day(row.receivedAt),
      updated_datetime: toOpen311Day(row.updatedAt),
      expected_datetime: row.resolveDeadline ? toOpen311Day(row.resolveDeadline) : null,
      address_id: streetOf(unitByCode, row.locationUnitCode),
      address: null,
      lat: null,
      long: null,
      zipcode: null,
      media_url: null,
      huiying_status: row.status,
      huiying_status_label: isKnownStatus(row.status) ? STATUS_LABELS[row.status] : row.status,
    };
  });
}
