/**
 * The roles a caller's token may carry. Here, not in the API, because each context's action
 * table (domain/requests/actions.ts, domain/consultations/actions.ts) says who may take an action.
 */
// 'convener' (社区党组织书记) runs 社区议事协商 items of the community in the token's `unit`.
export const ROLES = ['intake', 'dispatcher', 'handler', 'supervisor', 'auditor', 'admin', 'convener'] as const;
export type Role = (typeof ROLES)[number];
