/**
 * `npm run token -- --role <role> [--unit <code>] [--sub <name>] [--ttl 12h]`: a development token
 * signed with the secret of the server it is meant for. It reads the same data folder as
 * `npm start` (HUIYING_DATA_DIR, default ./data) and refuses when that folder has no secret yet:
 * a freshly created secret would give a token the running server answers 401.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ROLES, UNIT_SCOPED_ROLES, type Role } from '../api/auth/roles';
import { TokenService } from '../api/auth/tokens';
import { jwtSecret, jwtSecretFile, loadConfig } from '../infra/config';

const USAGE = `usage: npm run token -- --role <role> [--unit <code>] [--sub <name>] [--ttl <duration>]

  --role   one of: ${ROLES.join(', ')}
  --unit   unit code; required for ${UNIT_SCOPED_ROLES.join(' and ')} (e.g. --role handler --unit S-DHM,
           --role convener --unit C-DFX: a convener runs the consultation items of that community)
  --sub    the subject recorded as actor in events (default <role>-dev)
  --ttl    lifetime: a number of seconds or a duration such as 30m or 12h (default 12h, the most the API accepts)
  --help   this text

The token is signed with HUIYING_JWT_SECRET when set, otherwise with the secret \`npm start\` keeps
in its data folder (HUIYING_DATA_DIR, default ./data): start the server once first.`;

function isRole(value: string | undefined): value is Role {
  return ROLES.some((r) => r === value);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      unit: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '12h' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const role = values.role;
  if (!isRole(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}\n\n${USAGE}`);
  if (UNIT_SCOPED_ROLES.includes(role) && !values.unit) throw new Error(`a ${role} token needs --unit <unit code>`);
  // jose reads a bare number as an absolute time, so seconds become "<n>s".
  const ttl = /^\d+$/.test(values.ttl) ? `${values.ttl}s` : values.ttl;
  if (!/^\d+(s|m|h|d|w)$/.test(ttl)) throw new Error(`--ttl must be seconds or like 30m, 12h (got ${values.ttl})`);
  // Production tokens come from the organisation's sign-in, never from a script anyone can run.
  if (process.env.NODE_ENV === 'production') throw new Error('npm run token is for development: it refuses NODE_ENV=production');
  const cfg = loadConfig();
  if (!cfg.HUIYING_JWT_SECRET && !fs.existsSync(jwtSecretFile(cfg))) {
    throw new Error(
      `no token secret in ${cfg.HUIYING_DATA_DIR} yet: start the server there first (npm start), ` +
        'or set HUIYING_DATA_DIR to the data folder of the running server, or HUIYING_JWT_SECRET',
    );
  }
  const token = await new TokenService(jwtSecret(cfg)).mint(
    { subject: values.sub ?? `${role}-dev`, role, unitCode: values.unit },
    ttl,
  );
  process.stdout.write(token + '\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
