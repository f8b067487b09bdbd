import { archiveRecord } from '../consultation-state';
import type { ConsultationContext } from './context';

/** 备: writes the immutable 一事一档 archive record and records the outcome. */
export function createArchive(c: ConsultationContext) {
  const { s, acts, now, record } = c;

  // ---------------------------------------------------------------- 备: the archive record
  async function archive() {
    const archivedAt = now();
    s.archivedAt = archivedAt;
    try {
      const result = await acts.writeConsultationArchive(archiveRecord(s, archivedAt));
      s.archived = true;
      s.archiveHash = result.contentHash;
      await record('ARCHIVED', 'system', undefined, { outcome: s.outcome, contentHash: result.contentHash });
    } catch (err) {
      s.lastError = `archive failed: ${err instanceof Error ? err.message : String(err)}`;
      await record('ARCHIVE_FAILED', 'system', s.lastError);
    }
  }

  return { archive };
}
