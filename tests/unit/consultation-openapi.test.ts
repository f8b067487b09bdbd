import SwaggerParser from '@apidevtools/swagger-parser';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { registerConsultationPaths } from '../../api/openapi-consultations';
import { CONSULTATION_ACTION_SPECS, CONSULTATION_ACTIONS } from '../../domain/consultations/actions';

type Json = Record<string, unknown>;
const at = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k] : undefined), value);

function build(): Json {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  registerConsultationPaths(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'consultation paths', version: '0' },
  }) as unknown as Json;
}

describe('OpenAPI for 社区议事协商', () => {
  const doc = build();

  test('is a valid OpenAPI 3.1 document on its own', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
  });

  test('documents every step action at its path, with its roles and the 409/422 answers', () => {
    // The document's step operations are exactly the table's.
    const documented = Object.entries(at(doc, 'paths') as Json).flatMap(([path, item]) =>
      Object.entries(item as Json)
        .filter(([, op]) => JSON.stringify(at(op, 'tags')) === '["Consultation steps"]')
        .map(([method]) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual(
      CONSULTATION_ACTIONS.map((a) => `post /v1/consultations/{id}/${CONSULTATION_ACTION_SPECS[a].path}`).sort(),
    );
    for (const action of CONSULTATION_ACTIONS) {
      const op = at(doc, 'paths', `/v1/consultations/{id}/${CONSULTATION_ACTION_SPECS[action].path}`, 'post');
      expect(op).toBeDefined();
      expect(Object.keys(at(op, 'responses') as Json)).toEqual(expect.arrayContaining(['200', '400', '403', '409', '422']));
      for (const role of CONSULTATION_ACTION_SPECS[action].roles) expect(at(op, 'description')).toEqual(expect.stringContaining(`\`${role}\``));
    }
  });

  test('documents reads, archive exports, points and the catalogue', () => {
    for (const path of [
      '/v1/consultations',
      '/v1/consultations/{id}',
      '/v1/consultations/{id}/timeline',
      '/v1/consultations/{id}/progress',
      '/v1/consultations/{id}/archive.json',
      '/v1/consultations/{id}/archive.html',
      '/v1/points/{residentId}',
      '/v1/consultation-catalogue/{communityCode}',
    ]) {
      expect(at(doc, 'paths', path, 'get')).toBeDefined();
    }
    expect(at(doc, 'paths', '/v1/consultations', 'post')).toBeDefined();
    expect(at(doc, 'paths', '/v1/points/{residentId}/reversals', 'post')).toBeDefined();
    expect(at(doc, 'paths', '/v1/consultation-catalogue/{communityCode}', 'put')).toBeDefined();
    expect(at(doc, 'paths', '/v1/consultations/{id}/archive.html', 'get', 'responses', '200', 'content', 'text/html')).toBeDefined();
    expect(at(doc, 'components', 'schemas', 'ConsultationView')).toBeDefined();
  });
});
