/**
 * The storm's reference: N pg-boss jobs (`startAfter` one instant T) on the same PostgreSQL
 * server, each recorded by its handler as one row with the database's clock, as Huiying records an
 * OVERDUE. pg-boss runs in this process with its fastest polling (every 0.5 s, its minimum) and
 * batches of 500, so it is measured at its best, not at its defaults (2 s, one job per fetch).
 */
import PgBoss from 'pg-boss';
import pg from 'pg';
import { lateness, type Lateness } from './stats';

export interface PgBossFigures {
  n: number;
  recorded: Lateness;
}

const QUEUE = 'bench-deadline';

export async function runPgBossStorm(databaseUrl: string, n: number, timeoutMs: number): Promise<PgBossFigures> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'bench_pgboss', max: 4 });
  boss.on('error', (err) => console.error(`  pg-boss: ${String(err)}`));
  await boss.start();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('CREATE TABLE IF NOT EXISTS bench_pgboss.escalation (job uuid PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())');
    await db.query('TRUNCATE bench_pgboss.escalation');
    await boss.createQueue(QUEUE);
    const at = new Date(Math.ceil((Date.now() + 10_000) / 1000) * 1000);
    for (let i = 0; i < n; i += 1000) {
      await boss.insert(Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({ name: QUEUE, data: { i: i + k }, startAfter: at })));
    }
    await boss.work(QUEUE, { batchSize: 500, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      await db.query('INSERT INTO bench_pgboss.escalation (job) SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING', [jobs.map((j) => j.id)]);
    });
    const giveUp = at.getTime() + timeoutMs;
    for (;;) {
      const c = Number((await db.query<{ c: string }>('SELECT count(*)::text AS c FROM bench_pgboss.escalation')).rows[0]!.c);
      if (c >= n || Date.now() > giveUp) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const { rows } = await db.query<{ ms: number }>('SELECT (extract(epoch FROM at) * 1000)::float8 AS ms FROM bench_pgboss.escalation');
    return { n, recorded: lateness(rows.map((r) => r.ms - at.getTime())) };
  } finally {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    await db.end();
  }
}
