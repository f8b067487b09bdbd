import fs from 'node:fs';
import path from 'node:path';

/**
 * A Temporal cluster's history shard count is fixed when it is created: the server refuses to
 * start with another. The count a data folder was created with is kept next to it, so a changed
 * HUIYING_HISTORY_SHARDS fails here with a clear message instead of in the server's log.
 */
export function checkHistoryShards(clusterDir: string, wanted: number): void {
  const file = path.join(clusterDir, 'history-shards');
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, `${wanted}\n`);
    return;
  }
  const existing = Number(fs.readFileSync(file, 'utf8').trim());
  if (existing !== wanted) {
    throw new Error(
      `this cluster was created with ${existing} history shards and cannot change to ${wanted} (HUIYING_HISTORY_SHARDS); ` +
        'use a new data folder (HUIYING_DATA_DIR) for a new cluster',
    );
  }
}
