// Prisma CLI configuration: WebAssembly schema engine plus the pg driver adapter, so migrate and
// generate run with no native engine download (see docs/decisions.md).
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import { catalogSafePool } from './infra/prisma-cli-pool';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set');
    return new PrismaPg(catalogSafePool(url));
  },
});
