/**
 * GeoReport v2 wire formats: every Open311 endpoint answers in JSON (`.json`) or XML (`.xml`,
 * the spec's default), and errors take the spec's shape `[{ code, description }]` (XML:
 * `<errors><error><code/><description/></error></errors>`), never the project's error body.
 */
import type { Request, Response } from 'express';
import { XMLBuilder } from 'fast-xml-parser';
import type { HttpError } from './errors';

export const OPEN311_PREFIX = '/open311/';

export type Open311Format = 'json' | 'xml';

export const isOpen311Path = (path: string): boolean => path.startsWith(OPEN311_PREFIX);

/** The format a path asks for by its extension; anything else is answered as JSON. */
export const formatOf = (path: string): Open311Format => (/\.xml$/i.test(path) ? 'xml' : 'json');

const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });

type XmlValue = string | number | boolean | XmlValue[] | { [key: string]: XmlValue };

/** Null (unknown) is an empty element in XML, as GeoReport clients read it. */
function xmlReady(value: unknown): XmlValue {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(xmlReady);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, xmlReady(v)]));
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/**
 * The XML document of a GeoReport answer: `root` wraps one `item` element per entry of a list
 * (`<services><service>…`), or is the element itself for one object (`<service_definition>`).
 * `lists` names nested arrays' item elements (`attributes` → `attribute`).
 */
export function toOpen311Xml(root: string, body: unknown, item?: string, lists: Record<string, string> = {}): string {
  const wrapLists = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(wrapLists);
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) =>
        Array.isArray(v) && lists[k] ? [k, { [lists[k]]: v.map(wrapLists) }] : [k, wrapLists(v)],
      ),
    );
  };
  const content = item ? { [item]: (body as unknown[]).map(wrapLists) } : wrapLists(body);
  return builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' }, [root]: xmlReady(content) });
}

export interface Open311Shape {
  root: string;
  item?: string;
  lists?: Record<string, string>;
}

/** Sends a GeoReport answer in the format the path asks for. */
export function sendOpen311(req: Request, res: Response, status: number, body: unknown, shape: Open311Shape): void {
  if (formatOf(req.path) === 'xml') {
    res.status(status).type('application/xml').send(toOpen311Xml(shape.root, body, shape.item, shape.lists));
  } else {
    res.status(status).json(body);
  }
}

export interface Open311Error {
  code: number;
  description: string;
}

/** One entry per bad field for input errors (`service_code: required`), else one for the error. */
export function open311ErrorsOf(err: HttpError): Open311Error[] {
  if (Array.isArray(err.details) && err.details.length) {
    const fields = err.details.flatMap((d: unknown) => {
      if (!d || typeof d !== 'object') return [];
      const { field, message } = d as { field?: unknown; message?: unknown };
      return typeof field === 'string' && typeof message === 'string' ? [{ code: err.status, description: `${field}: ${message}` }] : [];
    });
    if (fields.length) return fields;
  }
  // A rule that names one field (e.g. a unit that is not 属地) says which, like the input errors.
  const named = err.details && typeof err.details === 'object' && !Array.isArray(err.details) ? (err.details as { field?: unknown }).field : undefined;
  if (typeof named === 'string') return [{ code: err.status, description: `${named}: ${err.message}` }];
  return [{ code: err.status, description: err.message }];
}

export function sendOpen311Errors(req: Request, res: Response, err: HttpError): void {
  sendOpen311(req, res, err.status, open311ErrorsOf(err), { root: 'errors', item: 'error' });
}
