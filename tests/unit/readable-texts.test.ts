/** Texts for people (issue 9 §3): Beijing time, the start banner, the token command's rules. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beijingTime } from '../../domain/shared/time';
import { printBanner, tokenCommand, type BannerInfo } from '../../scripts/banner';
import { dataDir } from '../../infra/paths';
import { buildOpenApiDocument } from '../../api/openapi';

const root = path.resolve(__dirname, '../..');

describe('beijingTime', () => {
  test('an instant reads as Beijing wall time to the minute', () => {
    expect(beijingTime('2026-12-03T07:05:53.307Z')).toBe('2026-12-03 15:05');
  });
  test('a deadline at midnight is 24:00 of the day before (民法典 203)', () => {
    expect(beijingTime('2026-12-03T16:00:00.000Z')).toBe('2026-12-03 24:00');
  });
  test('no instant reads as a dash', () => {
    expect(beijingTime(null)).toBe('—');
  });
});

describe('start banner', () => {
  const info = (over: Partial<BannerInfo> = {}): string[] => {
    const lines: string[] = [];
    printBanner((l) => lines.push(l), {
      topology: 'embedded',
      api: 'http://127.0.0.1:3000',
      temporalAddress: '127.0.0.1:7233',
      namespace: 'default',
      postgres: 'postgresql://u:secret@127.0.0.1:5432/db',
      dataDir,
      cleanedUp: [],
      ...over,
    });
    return lines;
  };
  test('links the docs and names every role for the token command', () => {
    const text = info().join('\n');
    expect(text).toContain('http://127.0.0.1:3000/docs');
    expect(text).toMatch(/npm run token -- --role intake .*convener/);
    expect(text).not.toContain('HUIYING_DATA_DIR=');
    expect(text).not.toContain('WARNING');
  });
  test('another data folder: the token command names it', () => {
    expect(tokenCommand('/srv/huiying')).toBe('HUIYING_DATA_DIR=/srv/huiying npm run token -- --role intake');
  });
  test('warns when time limits are scaled', () => {
    expect(info({ timeScale: 1000 }).join('\n')).toMatch(/WARNING.*HUIYING_TIME_SCALE=1000/);
    expect(info({ timeScale: 1 }).join('\n')).not.toContain('WARNING');
  });
});

describe('npm run token', () => {
  // Only the data folder's secret counts here, never one set in the test's environment.
  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'HUIYING_JWT_SECRET'));
  const token = (args: string[], env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/token.ts', ...args], { cwd: root, env: { ...baseEnv, ...env }, encoding: 'utf8' });

  test('--help documents --ttl and --unit', () => {
    const out = token(['--help'], {});
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/--ttl/);
    expect(out.stdout).toMatch(/--unit/);
  });
  test('refuses to mint, and creates nothing, where no server has kept a secret', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'token-')), 'data');
    const out = token(['--role', 'intake'], { HUIYING_DATA_DIR: dir });
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/no token secret/);
    expect(fs.existsSync(dir)).toBe(false);
  });
  test('refuses to run with NODE_ENV=production', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-'));
    fs.writeFileSync(path.join(dir, 'dev-jwt-secret'), 'a'.repeat(64));
    const out = token(['--role', 'admin'], { HUIYING_DATA_DIR: dir, NODE_ENV: 'production' });
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/refuses NODE_ENV=production/);
    expect(out.stdout).toBe('');
  });
  test('mints with the secret of the data folder, for the given lifetime', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-'));
    fs.writeFileSync(path.join(dir, 'dev-jwt-secret'), 'a'.repeat(64));
    const jwt = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/token.ts', '--role', 'convener', '--unit', 'C-DFX', '--ttl', '90'], {
      cwd: root,
      env: { ...baseEnv, HUIYING_DATA_DIR: dir },
      encoding: 'utf8',
    }).trim();
    const claims: unknown = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ role: 'convener', unit: 'C-DFX' });
    const { iat, exp } = claims as { iat: number; exp: number };
    expect(exp - iat).toBe(90);
  });
});

describe('published statuses', () => {
  test('every operation documents 429 and 503; every operation with a body 413', () => {
    const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>> };
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        expect([`${method} ${p}`, Object.keys(op.responses)]).toEqual([`${method} ${p}`, expect.arrayContaining(['429', '503'])]);
        if (op.requestBody) expect([`${method} ${p}`, Object.keys(op.responses)]).toEqual([`${method} ${p}`, expect.arrayContaining(['413'])]);
      }
    }
    expect(doc.paths['/open311/v2/requests.xml']).toBeDefined();
    expect(Object.keys(doc.paths['/open311/v2/requests.json']!.post!.responses)).toEqual(expect.arrayContaining(['403']));
  });
});
