import express, { type RequestHandler } from 'express';
import { HttpError } from './errors';
import { isOpen311Path } from './open311-format';

const BODY_LIMIT = '64kb';

const hasBody = (method: string, contentLength: string | undefined) =>
  ['POST', 'PUT', 'PATCH'].includes(method) && contentLength !== '0';

/** The API takes JSON; Open311 clients post HTML forms (or JSON), as the GeoReport spec has them. */
const mediaTypes: RequestHandler = (req, _res, next) => {
  if (!hasBody(req.method, req.headers['content-length']) || !req.headers['content-type']) return next();
  if (isOpen311Path(req.path)) {
    if (req.is(['application/json', 'application/x-www-form-urlencoded'])) return next();
    return next(new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/x-www-form-urlencoded or application/json'));
  }
  if (req.is('application/json')) return next();
  next(new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/json'));
};

const formParser = express.urlencoded({ extended: true, limit: BODY_LIMIT });
const open311Forms: RequestHandler = (req, res, next) => (isOpen311Path(req.path) ? formParser(req, res, next) : next());

/**
 * Every body parser of the app, in one place: the input guards after it see every parsed body.
 * Parser refusals (bad JSON, too large, too many fields) reach the error handler as 4xx.
 */
export function bodyParsers(): RequestHandler[] {
  return [mediaTypes, express.json({ limit: BODY_LIMIT }), open311Forms];
}
