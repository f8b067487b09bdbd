import type { PrismaClient } from '@prisma/client';
import { fitsLadder, PARENT_TIER, UNIT_KINDS, type UnitKind } from '../../domain/shared/org';
import type { UpsertUnitInput } from '../../domain/catalogue-schemas';
import { HttpError } from '../errors';

/** Rows keep the tier as text. */
const kindOf = (tier: string): UnitKind | null => UNIT_KINDS.find((k) => k === tier) ?? null;

const ladderError = (field: 'parentCode' | 'tier', message: string, details: Record<string, unknown>) =>
  new HttpError(422, 'RULE_VIOLATION', message, { rule: 'tierLadder', field, ...details });

/**
 * Keeps the 下呼上应 ladder when a unit is created or changed: its parent must be the tier right
 * above it (grid → community → street → district; department → district; the district has none),
 * and the units already under it must still fit under its (possibly new) tier. Escalation and
 * 属地派单 walk this ladder; a district under a grid sent requests to the grid.
 */
export async function assertLadder(prisma: PrismaClient, code: string, input: UpsertUnitInput): Promise<void> {
  const parent = input.parentCode ? await prisma.unit.findUnique({ where: { code: input.parentCode } }) : null;
  const parentTier = parent ? kindOf(parent.tier) : null;
  if (!fitsLadder(input.tier, parentTier)) {
    const required = PARENT_TIER[input.tier];
    throw ladderError(
      'parentCode',
      required ? `a ${input.tier} belongs under a ${required}` : `a ${input.tier} is the top of the tree and has no parent`,
      { tier: input.tier, parentTier: parent?.tier ?? null, requiredParentTier: required },
    );
  }
  const children = await prisma.unit.findMany({ where: { parentCode: code }, select: { code: true, tier: true } });
  const misfits = children.flatMap((c) => {
    const tier = kindOf(c.tier);
    return tier && !fitsLadder(tier, input.tier) ? [{ code: c.code, tier, requiredParentTier: PARENT_TIER[tier] }] : [];
  });
  if (misfits.length) {
    throw ladderError('tier', `units below ${code} need a different parent tier than ${input.tier}`, {
      tier: input.tier,
      children: misfits,
    });
  }
}
