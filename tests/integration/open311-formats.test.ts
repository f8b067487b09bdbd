import type { Express } from 'express';
import { XMLParser } from 'fast-xml-parser';
import request from 'supertest';
import { startHarness, type Harness } from './harness';

/**
 * The GeoReport v2 shapes its clients parse: XML (`.xml`) next to JSON, the spec's error list,
 * 403 for a bad api_key, discovery, the spec's record keys, and lat/long refused plainly. Real
 * Temporal server and PostgreSQL underneath (the harness).
 */
const API_KEY = 'f'.repeat(24);
const BASE = '/open311/v2';
// Empty elements stay '' so a test can tell "present but unknown" from "missing".
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format'].includes(name) });

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const validFields = {
  api_key: API_KEY,
  service_code: 'NOISE',
  'attribute[type]': '投诉',
  'attribute[unit_code]': 'G-DFX-01',
  address_string: '多福巷12号',
  description: '夜间施工噪音扰民',
  first_name: '五',
  last_name: '王',
  phone: '13800000005',
};

describe('Open311 GeoReport v2 formats', () => {
  let h: Harness;
  let app: Express;
  beforeAll(async () => {
    h = await startHarness();
    app = h.appWith({ open311ApiKeys: new Map([[API_KEY, 'formats-client']]) });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const expectXml = (res: request.Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    return xml.parse(res.text);
  };

  test('services.xml and services/{code}.xml carry what the JSON carries', async () => {
    const json = await request(app).get(`${BASE}/services.json`);
    const doc = expectXml(await request(app).get(`${BASE}/services.xml`), 200);
    expect(doc.services.service).toHaveLength(json.body.length);
    const noise = doc.services.service.find((s: { service_code: string }) => s.service_code === 'NOISE');
    expect(noise).toMatchObject({ service_code: 'NOISE', service_name: '噪音扰民', metadata: 'true', type: 'realtime', group: '接诉即办' });

    const def = expectXml(await request(app).get(`${BASE}/services/NOISE.xml`), 200).service_definition;
    expect(def.service_code).toBe('NOISE');
    const codes = def.attributes.attribute.map((a: { code: string }) => a.code);
    expect(codes).toEqual(['type', 'urgency', 'unit_code', 'publish_description']);
    expect(def.attributes.attribute[0].values.value.map((v: { key: string }) => v.key)).toContain('投诉');
  });

  test('POST requests.xml creates; GET requests/{id}.xml has every record key of the spec, empty where unknown', async () => {
    const created = await request(app).post(`${BASE}/requests.xml`).set('content-type', 'application/x-www-form-urlencoded').send(form(validFields));
    const reply = expectXml(created, 201).service_requests.request[0];
    expect(reply.service_request_id).toMatch(/^REQ-\d{8}-[0-9A-F]{8}$/);
    expect(reply.account_id).toBe('');
    expect(created.headers.location).toBe(`${BASE}/requests/${reply.service_request_id}.xml`);

    const record = expectXml(await request(app).get(`${BASE}/requests/${reply.service_request_id}.xml`), 200).service_requests.request[0];
    for (const key of [
      'service_request_id',
      'status',
      'status_notes',
      'service_name',
      'service_code',
      'description',
      'agency_responsible',
      'service_notice',
      'requested_datetime',
      'updated_datetime',
      'expected_datetime',
      'address',
      'address_id',
      'zipcode',
      'lat',
      'long',
      'media_url',
    ]) {
      expect(record).toHaveProperty(key);
    }
    expect(record).toMatchObject({ status: 'open', address: '', lat: '', long: '', zipcode: '', media_url: '', status_notes: '' });

    const json = (await request(app).get(`${BASE}/requests/${reply.service_request_id}.json`)).body[0];
    expect(json).toMatchObject({ address: null, lat: null, long: null, zipcode: null, media_url: null, address_id: 'S-DHM' }); // the location to the street
    const list = expectXml(await request(app).get(`${BASE}/requests.xml?service_request_id=${reply.service_request_id}`), 200);
    expect(list.service_requests.request.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([reply.service_request_id]);
  });

  test('errors are the spec list in both formats; a bad api_key is 403', async () => {
    const post = (path: string, fields: Record<string, string>) =>
      request(app).post(`${BASE}/${path}`).set('content-type', 'application/x-www-form-urlencoded').send(form(fields));
    const badKey = await post('requests.json', { ...validFields, api_key: 'nope-nope-nope-nope' });
    expect(badKey.status).toBe(403);
    expect(badKey.body).toEqual([{ code: 403, description: 'invalid api_key' }]);

    const badKeyXml = expectXml(await post('requests.xml', { ...validFields, api_key: 'nope-nope-nope-nope' }), 403);
    expect(badKeyXml.errors.error).toEqual([{ code: '403', description: 'invalid api_key' }]);

    const missing = expectXml(await request(app).get(`${BASE}/services/NOPE.xml`), 404);
    expect(missing.errors.error[0].code).toBe('404');
    const unknownPath = await request(app).get(`${BASE}/nothing.json`);
    expect(unknownPath.status).toBe(404);
    expect(unknownPath.body[0]).toMatchObject({ code: 404 });
  });

  test('lat/long without a unit code is refused with a spec-shaped 400 that says what to send', async () => {
    const fields: Record<string, string> = { ...validFields, lat: '39.9139', long: '116.3917' };
    delete fields['attribute[unit_code]'];
    const res = await request(app).post(`${BASE}/requests.json`).set('content-type', 'application/x-www-form-urlencoded').send(form(fields));
    expect(res.status).toBe(400);
    const byField = Object.fromEntries((res.body as { code: number; description: string }[]).map((e) => [e.description.split(':')[0], e]));
    expect(byField.lat.code).toBe(400);
    expect(byField.lat.description).toMatch(/not supported.*attribute\[unit_code\] or address_id/);
    expect(byField).toHaveProperty('long');
    expect(byField).toHaveProperty(['attribute[unit_code]']);
  });

  test('discovery.json and discovery.xml list this endpoint and its formats', async () => {
    const res = await request(app).get('/open311/discovery.json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ changeset: expect.any(String), contact: expect.any(String), key_service: expect.any(String) });
    expect(res.body.endpoints).toHaveLength(1);
    expect(res.body.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      type: 'production',
      formats: ['application/json', 'text/xml'],
    });
    expect(res.body.endpoints[0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/open311\/v2$/);
    const doc = expectXml(await request(app).get('/open311/discovery.xml'), 200);
    expect(doc.discovery.endpoints.endpoint[0].formats.format).toEqual(['application/json', 'text/xml']);
  });
});
