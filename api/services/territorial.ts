import { isTerritorial, TERRITORIAL_TIERS } from '../../domain/shared/org';
import { HttpError } from '../errors';

/**
 * 属地: a request's location must be a grid, community or street. A department located request
 * would be dispatched straight to the department, outside the 属地 ladder. `field` names the
 * body field for the client (`location.unitCode`, `routeToRequest.location.unitCode`).
 */
export function assertTerritorial(unit: { code: string; tier: string }, field: string): void {
  if (isTerritorial(unit.tier)) return;
  throw new HttpError(422, 'RULE_VIOLATION', `${unit.code} is a ${unit.tier}, not a grid, community or street (属地)`, {
    rule: 'territorialUnit',
    field,
    tier: unit.tier,
    allowedTiers: TERRITORIAL_TIERS,
  });
}
