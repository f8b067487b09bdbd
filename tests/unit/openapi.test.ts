import SwaggerParser from '@apidevtools/swagger-parser';
import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { buildOpenApiDocument } from '../../api/openapi';
import { docsRoutes } from '../../api/routes/docs';
import { REQUEST_ACTION_SPECS, REQUEST_ACTIONS } from '../../domain/requests/actions';
import { methodOf } from '../../domain/shared/action-table';
import { createRequestSchema } from '../../domain/requests/schemas';

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at `path` inside `value`, or undefined. */
function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = isRecord(current) ? current[key] : undefined;
  return current;
}

/** Follows a local `$ref` (`#/components/schemas/X`) if `schema` is one. */
function deref(doc: unknown, schema: unknown): unknown {
  const ref = at(schema, '$ref');
  return typeof ref === 'string' ? at(doc, ...ref.replace(/^#\//, '').split('/')) : schema;
}

const actions = REQUEST_ACTIONS;
const pathOf = (action: (typeof actions)[number]) => `/v1/requests/{id}/${REQUEST_ACTION_SPECS[action].path}`;
const actionMethod = (action: (typeof actions)[number]) => methodOf(REQUEST_ACTION_SPECS[action]);

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument();

  test('is a valid OpenAPI 3.1 document', async () => {
    expect(at(doc, 'openapi')).toBe('3.1.0');
    expect(at(doc, 'info', 'title')).toBe('Huiying API');
    expect(at(doc, 'info', 'description')).toEqual(expect.stringContaining('受理'));
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
  });

  test('can be built more than once', () => {
    expect(buildOpenApiDocument()).toEqual(doc);
  });

  test('documents every action at its path and method, and only there', () => {
    // The document's action operations are exactly the table's.
    const documented = Object.entries(at(doc, 'paths') as Json).flatMap(([path, item]) =>
      Object.entries(item as Json)
        .filter(([, op]) => JSON.stringify(at(op, 'tags')) === '["Actions"]')
        .map(([method]) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual(actions.map((a) => `${actionMethod(a)} ${pathOf(a)}`).sort());
    for (const action of actions) {
      const item = at(doc, 'paths', pathOf(action));
      expect(isRecord(item)).toBe(true);
      const methods = Object.keys(item as Json).filter((k) => ['get', 'put', 'post', 'patch', 'delete'].includes(k));
      expect({ action, methods }).toEqual({ action, methods: [actionMethod(action)] });
    }
    expect(at(doc, 'paths', '/v1/requests/{id}/deadline', 'put')).toBeDefined();
  });

  test('action operations: body, roles, security and the 409/422 answers', () => {
    for (const action of actions) {
      const op = at(doc, 'paths', pathOf(action), actionMethod(action));
      expect(at(op, 'tags')).toEqual(['Actions']);
      expect(at(op, 'security')).toEqual([{ bearerAuth: [] }]);
      for (const role of REQUEST_ACTION_SPECS[action].roles) expect(at(op, 'description')).toEqual(expect.stringContaining(`\`${role}\``));
      expect(deref(doc, at(op, 'requestBody', 'content', 'application/json', 'schema'))).toMatchObject({ type: 'object' });
      for (const status of ['200', '400', '401', '403', '404', '409', '422']) {
        expect({ action, status, response: isRecord(at(op, 'responses', status)) }).toEqual({ action, status, response: true });
      }
      const conflict = deref(doc, at(op, 'responses', '409', 'content', 'application/json', 'schema'));
      expect(at(conflict, 'properties', 'error', 'properties', 'code', 'enum')).toEqual(['INVALID_STATE']);
      expect(at(conflict, 'properties', 'error', 'properties', 'details', 'required')).toEqual(['status', 'allowedActions']);
      const rule = deref(doc, at(op, 'responses', '422', 'content', 'application/json', 'schema'));
      expect(at(rule, 'properties', 'error', 'properties', 'details', 'required')).toEqual(['rule']);
      expect(at(deref(doc, at(op, 'responses', '200', 'content', 'application/json', 'schema')), 'required')).toEqual(
        expect.arrayContaining(['requestId', 'status', 'allowedActions']),
      );
    }
  });

  test('POST /v1/requests: createRequestSchema body, Idempotency-Key header and its answers', () => {
    const op = at(doc, 'paths', '/v1/requests', 'post');
    const body = deref(doc, at(op, 'requestBody', 'content', 'application/json', 'schema'));
    const required = at(body, 'required');
    const requiredByZod = Object.entries(createRequestSchema.shape)
      .filter(([, schema]) => !schema.safeParse(undefined).success)
      .map(([key]) => key);
    expect(required).toEqual(expect.arrayContaining(['categoryCode', 'type', 'description', 'location', 'citizen']));
    expect(required).toEqual(expect.arrayContaining(requiredByZod));
    expect(required).not.toContain('urgency'); // has a default
    expect(at(op, 'parameters')).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'Idempotency-Key', required: false })]),
    );
    expect(Object.keys(at(op, 'responses') as Json).sort()).toEqual(['200', '201', '400', '401', '403', '413', '415', '422', '429', '503']);
    expect(at(op, 'security')).toEqual([{ bearerAuth: [] }]);
  });

  test('public and authenticated operations, bearer scheme, shared Error schema', () => {
    expect(at(doc, 'components', 'securitySchemes', 'bearerAuth')).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const paths = at(doc, 'paths') as Json;
    for (const [path, item] of Object.entries(paths)) {
      for (const op of Object.values(item as Json)) {
        // Only health and the catalogue are public; everything else needs a bearer token.
        const isPublic = ['/healthz', '/v1/categories', '/v1/units'].includes(path) || path.startsWith('/open311');
        expect({ path, security: at(op, 'security') }).toEqual({ path, security: isPublic ? undefined : [{ bearerAuth: [] }] });
      }
    }
    for (const path of ['/healthz', '/v1/categories', '/v1/units', '/v1/requests', '/v1/requests/{id}', '/v1/requests/{id}/timeline']) {
      expect(at(paths, path, 'get')).toBeDefined();
    }
    expect(at(doc, 'components', 'schemas', 'Error', 'required')).toEqual(['error']);
    expect(at(doc, 'paths', '/v1/requests/{id}', 'get', 'responses', '404', 'content', 'application/json', 'schema')).toEqual({
      $ref: '#/components/schemas/Error',
    });
    const listParams = at(paths, '/v1/requests', 'get', 'parameters') as Json[];
    expect(listParams.map((p) => p.name)).toEqual(expect.arrayContaining(['status', 'unit', 'overdue', 'limit', 'cursor']));
  });
});

describe('OpenAPI document: the access log’s 503', () => {
  const doc = buildOpenApiDocument();
  const paths = at(doc, 'paths') as Json;
  const operations = Object.entries(paths).flatMap(([path, item]) => Object.entries(item as Json).map(([method, op]) => ({ path, method, op })));

  /** Whether a schema (through local $refs) holds a shaped view: the replies api/audit/access-log.ts logs before sending. */
  function carriesPersonalData(schema: unknown, seen: Set<string> = new Set()): boolean {
    const ref = at(schema, '$ref');
    if (typeof ref === 'string') {
      if (seen.has(ref)) return false;
      seen.add(ref);
      return carriesPersonalData(deref(doc, schema), seen);
    }
    if (Array.isArray(schema)) return schema.some((s) => carriesPersonalData(s, seen));
    if (!isRecord(schema)) return false;
    if (isRecord(schema.properties) && 'personalData' in schema.properties) return true;
    return Object.values(schema).some((v) => carriesPersonalData(v, seen));
  }
  const withheldWhenUnlogged = (op: unknown) => {
    const answer = at(op, 'responses', '503');
    return {
      mentionsLog: String(at(answer, 'description')).includes('access-log row of this reply could not be written'),
      schema: at(answer, 'content', 'application/json', 'schema'),
      retryAfter: isRecord(at(answer, 'headers', 'Retry-After')),
    };
  };
  const documented = { mentionsLog: true, schema: { $ref: '#/components/schemas/Error' }, retryAfter: true };

  test('every operation whose success reply carries personal data documents the withheld-reply 503', () => {
    const logged = operations.filter(({ op }) =>
      Object.entries(at(op, 'responses') as Json).some(([status, response]) => status.startsWith('2') && carriesPersonalData(response)),
    );
    expect(logged.map(({ method, path }) => `${method} ${path}`)).toEqual(
      expect.arrayContaining(['get /v1/requests', 'get /v1/requests/{id}', 'get /v1/consultations', 'get /v1/consultations/{id}']),
    );
    for (const { method, path, op } of logged) expect({ method, path, ...withheldWhenUnlogged(op) }).toEqual({ method, path, ...documented });
  });

  test('exports and reveals document it; public routes and admin changes (answered even unlogged) do not', () => {
    const exportsAndReveals = [
      'get /v1/consultations/{id}/archive.json',
      'get /v1/consultations/{id}/archive.html',
      'get /v1/reports/overdue',
      'get /v1/metrics/three-rates',
      'post /v1/requests/{id}/reveal',
      'post /v1/consultations/{id}/reveal',
    ];
    for (const name of exportsAndReveals) {
      const [method, path] = name.split(' ') as [string, string];
      expect({ name, ...withheldWhenUnlogged(at(paths, path, method)) }).toEqual({ name, ...documented });
    }
    for (const name of ['get /healthz', 'get /open311/v2/requests.json', 'put /v1/categories/{code}', 'put /v1/calendar/days', 'post /v1/requests/{id}/sign']) {
      const [method, path] = name.split(' ') as [string, string];
      expect({ name, mentionsLog: withheldWhenUnlogged(at(paths, path, method)).mentionsLog }).toEqual({ name, mentionsLog: false });
    }
  });
});

describe('docs routes under helmet’s default CSP', () => {
  const app = express();
  app.use(helmet());
  app.use(docsRoutes());

  test('GET /openapi.json', async () => {
    const res = await request(app).get('/openapi.json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.paths['/v1/requests/{id}/deadline'].put).toBeDefined();
    const again = await request(app).get('/openapi.json').expect(200);
    expect(again.text).toBe(res.text);
  });

  test('GET /docs: no inline script, and every referenced file is served same-origin', async () => {
    const res = await request(app).get('/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const html = res.text;

    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\/[^/"]/); // a same-origin file…
      expect(body!.trim()).toBe(''); // …and nothing inline
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i); // no inline event handlers
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/<style\b/i);

    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/img-src 'self' data:/);
    expect(csp).not.toMatch(/upgrade-insecure-requests/); // the page came over plain HTTP

    const refs = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs).toEqual(expect.arrayContaining(['/docs/init.js', '/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css']));
    for (const ref of refs) {
      expect(ref).toMatch(/^\/[^/]/);
      const asset = await request(app).get(ref);
      expect({ ref, status: asset.status }).toEqual({ ref, status: 200 });
    }
  });

  test('the init script and the Swagger UI bundle', async () => {
    const init = await request(app).get('/docs/init.js').expect(200);
    expect(init.headers['content-type']).toMatch(/javascript/);
    expect(init.text).toContain('SwaggerUIBundle(');
    expect(init.text).toContain("url: '/openapi.json'");
    expect(init.text).toContain("dom_id: '#swagger-ui'");

    const bundle = await request(app).get('/docs/assets/swagger-ui-bundle.js').expect(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    expect(Number(bundle.headers['content-length'])).toBeGreaterThan(100_000);
  });

  test('only the files the page needs are served from swagger-ui-dist', async () => {
    await request(app).get('/docs/assets/index.html').expect(404);
    await request(app).get('/docs/assets/swagger-initializer.js').expect(404);
    await request(app).get('/docs/assets/../package.json').expect(404);
  });

  test('behind TLS the page keeps upgrade-insecure-requests', async () => {
    const proxied = express();
    proxied.set('trust proxy', true);
    proxied.use(helmet());
    proxied.use(docsRoutes());
    const res = await request(proxied).get('/docs').set('X-Forwarded-Proto', 'https').expect(200);
    expect(res.headers['content-security-policy']).toMatch(/upgrade-insecure-requests/);
  });
});
