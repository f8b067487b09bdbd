import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../domain/shared/canonical-json';

/**
 * The archive chain (一事一档, issue 12): every archive record holds the hash of the previous
 * record and an HMAC of its own hash made with a key that is not in the database. Whoever can
 * write the table (the migration owner, a superuser) can change a row, but cannot recompute a
 * signature: the verification names the first record that no longer matches.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainFields {
  chainSeq: number;
  itemId: string;
  outcome: string;
  archivedAt: Date;
  contentHash: string;
  prevHash: string;
}

export interface SigningKeys {
  activeKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

export const contentHashOf = (content: unknown): string => createHash('sha256').update(canonicalJson(content)).digest('hex');

export function recordHashOf(f: ChainFields): string {
  const fields = {
    chainSeq: f.chainSeq,
    itemId: f.itemId,
    outcome: f.outcome,
    archivedAt: f.archivedAt.toISOString(),
    contentHash: f.contentHash,
    prevHash: f.prevHash,
  };
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

export const signatureOf = (key: Buffer, recordHash: string): string => createHmac('sha256', key).update(recordHash).digest('hex');

/** The chain fields of the next record, signed with the active key. */
export function nextLink(
  previous: { chainSeq: number; recordHash: string } | null,
  record: { itemId: string; outcome: string; archivedAt: Date; contentHash: string },
  keys: SigningKeys,
): { chainSeq: number; prevHash: string; recordHash: string; signature: string; signingKeyId: string } {
  const key = keys.keys.get(keys.activeKeyId);
  if (!key) throw new Error(`archive key ${keys.activeKeyId} is not in the ring`);
  const chainSeq = (previous?.chainSeq ?? 0) + 1;
  const prevHash = previous?.recordHash ?? GENESIS_HASH;
  const recordHash = recordHashOf({ ...record, chainSeq, prevHash });
  return { chainSeq, prevHash, recordHash, signature: signatureOf(key, recordHash), signingKeyId: keys.activeKeyId };
}

export interface StoredArchiveRow {
  itemId: string;
  outcome: string;
  archivedAt: Date;
  contentHash: string;
  content: unknown;
  chainSeq: number | null;
  prevHash: string | null;
  recordHash: string | null;
  signature: string | null;
  signingKeyId: string | null;
}

export type ChainProblem =
  | 'CONTENT_HASH_MISMATCH'
  | 'RECORD_HASH_MISMATCH'
  | 'PREVIOUS_HASH_MISMATCH'
  | 'SEQUENCE_GAP'
  | 'UNKNOWN_KEY'
  | 'BAD_SIGNATURE';

export interface ChainVerification {
  valid: boolean;
  /** Records in the chain (chainSeq set). */
  records: number;
  /** Records written before the chain existed (no chain fields): not covered. */
  unchained: number;
  lastRecordHash: string | null;
  /** The first record that breaks the chain, and why. */
  firstBreak: { chainSeq: number; itemId: string; problem: ChainProblem } | null;
}

const hexEqual = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Walks the chain in chainSeq order and stops at the first record that does not hold. */
export function verifyChain(rows: StoredArchiveRow[], keys: SigningKeys): ChainVerification {
  const chained = rows.filter((r) => r.chainSeq !== null).sort((a, b) => a.chainSeq! - b.chainSeq!);
  const result = (firstBreak: ChainVerification['firstBreak'], last: string | null): ChainVerification => ({
    valid: firstBreak === null,
    records: chained.length,
    unchained: rows.length - chained.length,
    lastRecordHash: last,
    firstBreak,
  });
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (const row of chained) {
    const at = (problem: ChainProblem) => result({ chainSeq: row.chainSeq!, itemId: row.itemId, problem }, prevHash);
    if (row.chainSeq !== expectedSeq) return at('SEQUENCE_GAP');
    if (row.contentHash !== contentHashOf(row.content)) return at('CONTENT_HASH_MISMATCH');
    if (row.prevHash !== prevHash) return at('PREVIOUS_HASH_MISMATCH');
    const recordHash = recordHashOf({ ...row, chainSeq: row.chainSeq!, prevHash });
    if (row.recordHash !== recordHash) return at('RECORD_HASH_MISMATCH');
    const key = row.signingKeyId ? keys.keys.get(row.signingKeyId) : undefined;
    if (!key) return at('UNKNOWN_KEY');
    if (!row.signature || !hexEqual(row.signature, signatureOf(key, recordHash))) return at('BAD_SIGNATURE');
    prevHash = recordHash;
    expectedSeq++;
  }
  return result(null, chained.length ? prevHash : null);
}
