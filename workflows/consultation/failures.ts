import * as wf from '@temporalio/workflow';
import type { Problem } from '../../domain/consultation-rules';

/** Rejections of a broken rule (422): one rule, or every problem the rule checks found. */
export const ruleViolation = (message: string, rule: string, extra: Record<string, unknown> = {}) =>
  wf.ApplicationFailure.create({ type: 'RuleViolation', message, details: [{ rule, ...extra }], nonRetryable: true });
export const problemsFailure = (problems: Problem[]) =>
  ruleViolation(problems.map((p) => p.message).join('; '), problems[0]!.rule, { problems });
