/** `npm run token -- --role <role> [--unit <code>] [--sub <name>] [--ttl 12h]`: a development token. */
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../api/auth/roles';
import { TokenService } from '../api/auth/tokens';
import { jwtSecret, loadConfig } from '../infra/config';

async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      unit: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '12h' },
    },
  });
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) {
    throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  }
  if (role === 'handler' && !values.unit) throw new Error('a handler token needs --unit <unit code>');
  const cfg = loadConfig();
  const token = await new TokenService(jwtSecret(cfg)).mint(
    { subject: values.sub ?? `${role}-dev`, role, unitCode: values.unit },
    values.ttl,
  );
  process.stdout.write(token + '\n');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
