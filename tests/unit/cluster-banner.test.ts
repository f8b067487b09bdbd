/** The start banner of `npm run start:cluster` (issue 9): the same warnings as `npm start`. */
import { printBanner } from '../../scripts/banner';
import { clusterBannerInfo, type ClusterBannerInput } from '../../scripts/cluster-banner';

const lines = (over: Partial<ClusterBannerInput> = {}): string[] => {
  const out: string[] = [];
  printBanner(
    (l) => out.push(l),
    clusterBannerInfo({
      api: 'http://127.0.0.1:3000',
      temporalUi: 'http://127.0.0.1:8233',
      temporalAddress: '127.0.0.1:7233',
      namespace: 'default',
      postgres: 'embedded on 127.0.0.1:5432',
      dataDir: 'data',
      clusterDir: 'data/cluster',
      tlsDir: 'data/cluster/tls',
      historyShards: 4,
      workerProcesses: 2,
      apiProcesses: 2,
      replicaRole: 'huiying_app (no UPDATE, DELETE or TRUNCATE on events, archive, points, logs)',
      cleanedUp: [],
      timeScale: 1,
      ...over,
    }),
  );
  return out;
};

test('a time scale other than 1 is warned about, with the factor every time limit is divided by', () => {
  const warning = lines({ timeScale: 200_000 }).filter((l) => l.includes('WARNING'));
  expect(warning).toHaveLength(1);
  expect(warning[0]).toMatch(/HUIYING_TIME_SCALE=200000: every time limit is divided by 200000/);
  expect(lines({ timeScale: 1 }).join('\n')).not.toContain('WARNING');
});

test('names the topology, its replicas and the PostgreSQL role they connect as', () => {
  const text = lines().join('\n');
  expect(text).toMatch(/topology +cluster \(.*4 history shards.*2 worker \+ 2 API processes/);
  expect(text).toMatch(/replica role +huiying_app \(no UPDATE, DELETE or TRUNCATE/);
  expect(text).toContain('data/cluster/run');
});
