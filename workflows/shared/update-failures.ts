/**
 * How workflow updates refuse, shared by every workflow. The API maps the failure type to an HTTP
 * status: InvalidState → 409, RuleViolation → 422, InvalidPayload → 400.
 */
import * as wf from '@temporalio/workflow';
import type { z } from 'zod';
import type { Actor } from './definitions';

/** A broken rule (422), with the rule's name and any extra details. */
export const ruleViolation = (message: string, rule: string, extra: Record<string, unknown> = {}) =>
  wf.ApplicationFailure.create({ type: 'RuleViolation', message, details: [{ rule, ...extra }], nonRetryable: true });

/** A payload that does not match its schema (400), naming each bad field. */
export const invalidPayload = (error: z.ZodError) =>
  wf.ApplicationFailure.create({
    type: 'InvalidPayload',
    message: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    details: [error.issues.map((i) => ({ field: i.path.join('.'), message: i.message, code: i.code }))],
    nonRetryable: true,
  });

/** How an actor appears in timelines: `role:subject@unit`. */
export const actorLabel = (a: Actor) => `${a.role}:${a.subject}${a.unitCode ? `@${a.unitCode}` : ''}`;
