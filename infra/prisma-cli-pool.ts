import pg from 'pg';

// Workaround for prisma/orm#27403 (open upstream): through the pg adapter, the schema engine's
// catalog queries return columns of PostgreSQL type `name` (OID 19) and `"char"` (OID 18), which
// the adapter cannot deserialize, so every migrate command fails. Reporting them as `text`
// (OID 25) is lossless for these catalog columns. Used only by the Prisma CLI; remove once fixed.
const REMAPPED_OIDS = new Set([18, 19]);
const TEXT_OID = 25;

function remapFields(result: unknown): void {
  const fields = (result as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
  if (!fields) return;
  for (const field of fields) if (REMAPPED_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
}

class CatalogSafeClient extends pg.Client {
  // pg's query has many overloads; forward whatever we get and patch the result on the way out.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (err: Error | null, res: unknown) => {
        if (!err) remapFields(res);
        last(err, res);
      };
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (super.query as any)(...args);
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const out = (super.query as any)(...args);
    if (out && typeof out.then === 'function') {
      return out.then((res: unknown) => {
        remapFields(res);
        return res;
      });
    }
    return out;
  }
}

export function catalogSafePool(connectionString: string): pg.Pool {
  return new pg.Pool({ connectionString, Client: CatalogSafeClient, max: 2 });
}
