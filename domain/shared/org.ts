/**
 * The 下呼上应 ladder. A request climbs one rung per breach or 吹哨:
 * 网格 → 社区工作站 → 街道分中心 → 区指挥中心. Departments (委办局) answer whistles beside it.
 */
export const TIERS = ['GRID', 'COMMUNITY', 'STREET', 'DISTRICT'] as const;
export type Tier = (typeof TIERS)[number];
export type UnitKind = Tier | 'DEPARTMENT';
export const UNIT_KINDS = [...TIERS, 'DEPARTMENT'] as const;

export const TIER_LABELS: Record<UnitKind, string> = {
  GRID: '网格',
  COMMUNITY: '社区工作站',
  STREET: '街道分中心',
  DISTRICT: '区指挥中心',
  DEPARTMENT: '职能部门',
};

export interface UnitRef {
  code: string;
  name: string;
  tier: UnitKind;
  parentCode: string | null;
}

/** The unit itself and its ancestors, nearest first. `units` maps code → unit. */
export function ancestry(code: string, units: ReadonlyMap<string, UnitRef>): UnitRef[] {
  const chain: UnitRef[] = [];
  const seen = new Set<string>();
  let current = units.get(code);
  while (current && !seen.has(current.code)) {
    chain.push(current);
    seen.add(current.code);
    current = current.parentCode ? units.get(current.parentCode) : undefined;
  }
  return chain;
}

/** The unit of `tier` that contains `code` (e.g. the street of a grid), if any. */
export function enclosingUnit(code: string, tier: Tier, units: ReadonlyMap<string, UnitRef>): UnitRef | undefined {
  return ancestry(code, units).find((u) => u.tier === tier);
}

/** The next rung up from a unit: its nearest ancestor on a higher tier, or undefined at the top. */
export function escalationTarget(code: string, units: ReadonlyMap<string, UnitRef>): UnitRef | undefined {
  const chain = ancestry(code, units);
  const self = chain[0];
  if (!self || self.tier === 'DISTRICT') return undefined;
  if (self.tier === 'DEPARTMENT') return chain.find((u) => u.tier === 'DISTRICT');
  const rank = TIERS.indexOf(self.tier);
  return chain.slice(1).find((u) => u.tier !== 'DEPARTMENT' && TIERS.indexOf(u.tier) > rank);
}

/**
 * 属地: the units a problem can be located in. A department (委办局) answers whistles and
 * escalations; it is never where a citizen's problem is, and 属地派单 would send it nowhere.
 */
export const TERRITORIAL_TIERS: readonly UnitKind[] = ['GRID', 'COMMUNITY', 'STREET'];
const TERRITORIAL = new Set<string>(TERRITORIAL_TIERS);
/** Takes the stored string: rows keep the tier as text. */
export const isTerritorial = (tier: string): boolean => TERRITORIAL.has(tier);

/**
 * The tier a unit's parent must have: grid under community under street under district, and
 * departments under the district. null: the district is the top of the tree.
 */
export const PARENT_TIER: Record<UnitKind, Tier | null> = {
  GRID: 'COMMUNITY',
  COMMUNITY: 'STREET',
  STREET: 'DISTRICT',
  DISTRICT: null,
  DEPARTMENT: 'DISTRICT',
};

/** Whether a unit of `tier` may sit under a parent of `parentTier` (null = no parent). */
export const fitsLadder = (tier: UnitKind, parentTier: UnitKind | null): boolean => PARENT_TIER[tier] === parentTier;
