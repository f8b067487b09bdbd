import type { Role } from '../../domain/shared/roles';

// Who may take each action is in the action tables (domain/requests/actions.ts,
// domain/consultations/actions.ts); the roles for everything else are here.
export { ROLES, type Role } from '../../domain/shared/roles';

export const CREATE_ROLES: readonly Role[] = ['intake', 'dispatcher'];
/** Roles bound to a unit: they act only on requests at their unit or below. */
export const UNIT_SCOPED_ROLES: readonly Role[] = ['handler', 'convener']; // consultation: conveners see requests of their community only

// consultation ------------------------------------------------------------------------------
/** Who may collect (集) a consultation item. */
export const CONSULTATION_CREATE_ROLES: readonly Role[] = ['intake', 'handler', 'convener'];
/** Who maintains the 五议五不议 catalogue and corrects 治理积分 (reversal entries). */
export const CONSULTATION_ADMIN_ROLES: readonly Role[] = ['admin'];
