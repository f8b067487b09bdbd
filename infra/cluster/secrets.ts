import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROLES } from './settings';

/** Login passwords of the topology's PostgreSQL roles, plus the embedded server's superuser. */
export type RolePasswords = Record<keyof typeof ROLES | 'superuser', string>;

/**
 * Generated once per data folder and kept there (mode 0600), so a restart finds the roles it
 * created; hex only, since they go into connection URLs.
 */
export function rolePasswords(clusterDir: string): RolePasswords {
  const file = path.join(clusterDir, 'postgres-passwords.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as RolePasswords;
  const fresh: RolePasswords = {
    superuser: randomBytes(16).toString('hex'),
    huiying: randomBytes(16).toString('hex'),
    temporal: randomBytes(16).toString('hex'),
    visibility: randomBytes(16).toString('hex'),
  };
  fs.mkdirSync(clusterDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(fresh), { mode: 0o600 });
  return fresh;
}
