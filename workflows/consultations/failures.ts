import type { Problem } from '../../domain/consultations/rules';
import { ruleViolation } from '../shared/update-failures';

export { ruleViolation };
/** Every problem a rule check found, as one 422 naming the first rule. */
export const problemsFailure = (problems: Problem[]) =>
  ruleViolation(problems.map((p) => p.message).join('; '), problems[0]!.rule, { problems });
