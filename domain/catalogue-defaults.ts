import type { TimeLimit } from './shared/sla';
import type { SlaClock, Urgency } from './requests/model';

/**
 * Default time limits per urgency (domain spec §6.1). Each category starts from these and an
 * admin may change them; a change applies to requests received afterwards only.
 * EXTENSION_MAX absent = extensions are not allowed at that urgency.
 */
export const DEFAULT_TIME_LIMITS: Record<Urgency, Partial<Record<SlaClock, TimeLimit>>> = {
  EMERGENCY: {
    DISPATCH: { amount: 0.25, unit: 'hour' },
    SIGN: { amount: 0.5, unit: 'hour' },
    RESPOND: { amount: 2, unit: 'hour' },
    RESOLVE: { amount: 24, unit: 'hour' },
    RETURN_WINDOW: { amount: 0.5, unit: 'hour' },
  },
  URGENT: {
    DISPATCH: { amount: 0.5, unit: 'hour' },
    SIGN: { amount: 2, unit: 'hour' },
    RESPOND: { amount: 24, unit: 'hour' },
    RESOLVE: { amount: 24, unit: 'hour' },
    RETURN_WINDOW: { amount: 2, unit: 'hour' },
    EXTENSION_MAX: { amount: 24, unit: 'hour' },
  },
  GENERAL: {
    DISPATCH: { amount: 2, unit: 'hour' },
    SIGN: { amount: 1, unit: 'workday' },
    RESPOND: { amount: 24, unit: 'hour' },
    RESOLVE: { amount: 7, unit: 'day' },
    RETURN_WINDOW: { amount: 1, unit: 'workday' },
    EXTENSION_MAX: { amount: 8, unit: 'workday' },
  },
  COMPLEX: {
    DISPATCH: { amount: 2, unit: 'hour' },
    SIGN: { amount: 1, unit: 'workday' },
    RESPOND: { amount: 24, unit: 'hour' },
    RESOLVE: { amount: 15, unit: 'day' },
    RETURN_WINDOW: { amount: 1, unit: 'workday' },
    EXTENSION_MAX: { amount: 15, unit: 'workday' },
  },
};
