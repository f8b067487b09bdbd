import type { PrismaClient } from '@prisma/client';
import type { Principal } from '../auth/tokens';
import { UNIT_SCOPED_ROLES } from '../auth/roles';

/** The codes of a unit and every unit below it (a street sees its communities and grids). */
export async function unitSubtree(prisma: PrismaClient, root: string): Promise<Set<string>> {
  const units = await prisma.unit.findMany({ select: { code: true, parentCode: true } });
  const children = new Map<string, string[]>();
  for (const u of units) {
    if (!u.parentCode) continue;
    children.set(u.parentCode, [...(children.get(u.parentCode) ?? []), u.code]);
  }
  const seen = new Set<string>();
  const stack = [root];
  while (stack.length) {
    const code = stack.pop()!;
    if (seen.has(code)) continue;
    seen.add(code);
    stack.push(...(children.get(code) ?? []));
  }
  return seen;
}

/** May this caller see a request? Handlers: their unit or below; intake: what they created; others: all. */
export async function canSee(
  prisma: PrismaClient,
  who: Principal,
  request: { currentUnitCode: string | null; createdBy: string },
): Promise<boolean> {
  if (UNIT_SCOPED_ROLES.includes(who.role)) {
    if (!who.unitCode || !request.currentUnitCode) return false;
    return (await unitSubtree(prisma, who.unitCode)).has(request.currentUnitCode);
  }
  if (who.role === 'intake') return request.createdBy === who.subject;
  return true;
}
