// The org tree (/v1/units), loaded once: names, tiers, and the street or department a unit is in.
import { get } from './api.js';

let loaded;

export function units() {
  loaded ??= get('/v1/units').then((body) => new Map(body.items.map((u) => [u.code, u])));
  return loaded;
}

export const unitName = (tree, code) => (code && tree.get(code) ? tree.get(code).name : code || '（未派单）');

/** The 街乡镇 or 部门 that answers for a unit: itself or its nearest such ancestor. */
export function answeringUnit(tree, code) {
  for (let unit = tree.get(code); unit; unit = unit.parentCode ? tree.get(unit.parentCode) : undefined) {
    if (unit.tier === 'STREET' || unit.tier === 'DEPARTMENT') return unit;
  }
  return tree.get(code) ?? { code: code ?? '—', name: code ?? '（未派单）', tier: 'UNKNOWN' };
}
