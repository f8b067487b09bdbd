import type { RequestHandler, Response } from 'express';
import type { PrismaClient } from '@prisma/client';
import type { Logger } from '../../infra/logger';
import { RETRY_AFTER_SECONDS } from '../dependency-errors';
import { accessEntryFor, type AccessEntry } from './access-entry';

/**
 * Writes the access log (model AccessLog) for every successful reply of a signed-in caller that
 * carries personal data, exports, reveals or changes admin data (access-entry.ts decides which).
 * It wraps res.json and res.send so the routes stay as they are and none can forget it.
 *
 * A reply with personal data leaves only after its row is written: if the write fails the caller
 * gets a 503 instead of the data. An admin change is already committed when it answers, so a
 * failed write answers the change as usual and reports the missing row in the process log.
 */
export function accessLog(prisma: PrismaClient, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const sendJson = res.json.bind(res);
    const send = res.send.bind(res);
    let written = false;

    const write = (entry: AccessEntry, status: number) => {
      const who = req.principal!;
      return prisma.accessLog.create({
        data: {
          subject: who.subject,
          role: who.role,
          unitCode: who.unitCode ?? null,
          action: entry.action,
          endpoint: `${req.method} ${req.originalUrl.split('?')[0]}`,
          status,
          recordIds: entry.recordIds,
          fields: entry.fields,
          maskedFields: entry.maskedFields,
          purpose: entry.purpose ?? null,
          change: entry.change,
        },
      });
    };

    /** Sends through `deliver` once the log row for `body` is written (or when none is needed). */
    const logThen = (body: unknown, deliver: () => Response): Response => {
      const status = res.statusCode;
      const entry = !written && req.principal && status < 400 ? accessEntryFor(req, body) : null;
      if (!entry) return deliver();
      written = true; // res.json calls res.send: one row per reply
      write(entry, status).then(
        () => deliver(),
        (err: unknown) => {
          logger.error({ err: err instanceof Error ? err.message : String(err), path: req.path, action: entry.action }, 'access log write failed');
          if (entry.action === 'ADMIN_CHANGE') return deliver();
          res.status(503).setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
          sendJson({
            error: { code: 'DEPENDENCY_UNAVAILABLE', message: 'the access log could not be written: the reply is withheld', details: { dependency: 'postgresql' } },
          });
        },
      );
      return res;
    };

    res.json = (body?: unknown) => logThen(body, () => sendJson(body));
    // The archive document is HTML: its export is logged when it is sent.
    res.send = (body?: unknown) => logThen(typeof body === 'string' ? null : body, () => send(body));
    next();
  };
}
