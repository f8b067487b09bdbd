import type { Request } from 'express';
import type { Prisma } from '@prisma/client';
import { PERSONAL_FIELDS } from '../privacy/field-policy';

/** What one reply did with personal data, or with the admin data it changed. */
export type AccessAction = 'READ' | 'REVEAL' | 'EXPORT' | 'ADMIN_CHANGE';
export interface AccessEntry {
  action: AccessAction;
  recordIds: string[];
  fields: string[];
  maskedFields: string[];
  purpose?: string;
  change?: Prisma.InputJsonValue;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/** Paths whose replies are exports (reports, archive documents) rather than reads. */
export const EXPORT_PATHS = [/^\/v1\/reports\//, /^\/v1\/metrics\//, /^\/v1\/consultations\/[^/]+\/archive\.(json|html)$/];
/** Admin changes: the catalogue, time limits, org tree, calendar, 五议五不议 catalogue, 积分 corrections. */
const ADMIN_PATHS = [
  /^\/v1\/categories\/([^/]+)$/,
  /^\/v1\/units\/([^/]+)$/,
  /^\/v1\/calendar\/days$/,
  /^\/v1\/consultation-catalogue\/([^/]+)$/,
  /^\/v1\/points\/([^/]+)\/reversals$/,
];
export const REVEAL_PATH = /^\/v1\/(requests|consultations)\/([^/]+)\/reveal$/;
const ARCHIVE_PATH = /^\/v1\/consultations\/([^/]+)\/archive\.(json|html)$/;

/** The shaped views (api/privacy/shape.ts) in a reply: the body itself or its `items`. */
function shapedViews(body: unknown): { id: string; full: string[]; masked: string[] }[] {
  const candidates = isRecord(body) && Array.isArray(body.items) ? body.items : [body];
  return candidates.flatMap((v) =>
    isRecord(v) && typeof v.id === 'string' && isRecord(v.personalData)
      ? [{ id: v.id, full: strings(v.personalData.full), masked: strings(v.personalData.masked) }]
      : [],
  );
}

const union = (lists: string[][]) => PERSONAL_FIELDS.filter((f) => lists.some((l) => l.includes(f)));

/**
 * Which access-log entry a successful reply needs, or null. Decided from the path and the body,
 * so a new route that answers shaped views is logged without being listed anywhere.
 */
export function accessEntryFor(req: Request, body: unknown): AccessEntry | null {
  // The full path: inside a mounted router req.path lacks the mount point.
  const path = new URL(req.originalUrl, 'http://localhost').pathname;
  const admin = req.method === 'GET' ? null : ADMIN_PATHS.map((p) => p.exec(path)).find((m) => m);
  if (admin) {
    return { action: 'ADMIN_CHANGE', recordIds: admin[1] ? [decodeURIComponent(admin[1])] : [], fields: [], maskedFields: [], change: jsonOf(req.body) };
  }
  const reveal = REVEAL_PATH.exec(path);
  if (reveal && req.method === 'POST' && isRecord(body) && isRecord(body.values)) {
    return {
      action: 'REVEAL',
      recordIds: [reveal[2]!],
      fields: Object.keys(body.values),
      maskedFields: [],
      purpose: typeof body.purpose === 'string' ? body.purpose : undefined,
    };
  }
  const views = shapedViews(body);
  const archive = ARCHIVE_PATH.exec(path);
  if (req.method === 'GET' && EXPORT_PATHS.some((p) => p.test(path))) {
    return {
      action: 'EXPORT',
      recordIds: archive ? [archive[1]!] : views.map((v) => v.id),
      fields: union(views.map((v) => v.full)),
      maskedFields: union(views.map((v) => v.masked)),
    };
  }
  if (views.length === 0) return null;
  return { action: 'READ', recordIds: views.map((v) => v.id), fields: union(views.map((v) => v.full)), maskedFields: union(views.map((v) => v.masked)) };
}

function jsonOf(value: unknown): Prisma.InputJsonValue {
  const parsed: unknown = JSON.parse(JSON.stringify(value ?? {}));
  return isJson(parsed) ? parsed : {};
}
function isJson(v: unknown): v is Prisma.InputJsonValue {
  return v !== null && v !== undefined;
}
