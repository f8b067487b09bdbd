import type { Request as RequestRow } from '@prisma/client';
import { SHANGHAI_OFFSET_MS } from '../../domain/shared/time';

/**
 * What a public Open311 record may say: only what was written for publication. Handlers write
 * their notes and 办结 replies to the citizen, and those name neighbours, rooms and illnesses;
 * so status_notes is the public reply the platform approved (PUT /v1/requests/{id}/public-reply)
 * or a sentence the platform generates, the description appears only with the citizen's consent
 * given at intake, times are cut to the day and the place to the street.
 */

/** The Beijing day of an instant, as an Open311 datetime: `2026-11-30T00:00:00+08:00`. */
export function toOpen311Day(instant: Date): string {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return `${local.slice(0, 10)}T00:00:00+08:00`;
}

interface UnitLink {
  code: string;
  tier: string;
  parentCode: string | null;
}

/** The street (街道) a grid or community lies in; the code itself when there is none above it. */
export function streetOf(units: Map<string, UnitLink>, code: string): string {
  for (let at = units.get(code), hops = 0; at && hops < 10; at = at.parentCode ? units.get(at.parentCode) : undefined, hops++) {
    if (at.tier === 'STREET') return at.code;
  }
  return code;
}

/** status_notes: the approved public reply, else the platform's own sentence for a withdrawal or a merge. */
export function publicStatusNotes(row: Pick<RequestRow, 'publicReply' | 'status'>, mergedInto: string | null): string | null {
  if (row.publicReply) return row.publicReply;
  if (row.status === 'WITHDRAWN') return '诉求人已撤回';
  if (row.status === 'MERGED' && mergedInto) return `重复诉求，已并入工单 ${mergedInto} 合并办理`;
  return null;
}
