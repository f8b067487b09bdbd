import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { CONSULTATION_STATUSES } from '../../domain/consultations/model';
import {
  allowedConsultationActions,
  apiBodyOf,
  CONSULTATION_ACTION_SPECS,
  CONSULTATION_ACTION_TABLE,
  CONSULTATION_ACTIONS,
} from '../../domain/consultations/actions';
import { REQUEST_STATUSES } from '../../domain/requests/model';
import { allowedActions, REQUEST_ACTION_SPECS, REQUEST_ACTIONS } from '../../domain/requests/actions';
import { ROLES } from '../../domain/shared/roles';
import { CONSULTATION_ACTION_UPDATES } from '../../workflows/consultations/definitions';
import { REQUEST_ACTION_UPDATES, type RequestView } from '../../workflows/requests/definitions';
import { type ActionArgs } from '../../workflows/shared/definitions';

/** Update names recorded in workflow histories: renaming one would break every run that used it. */
const RECORDED_REQUEST_UPDATES = [
  'sign', 'respond', 'progress', 'resolve', 'review', 'return', 'decideReturn', 'requestExtension', 'decideExtension',
  'overrideDeadline', 'escalate', 'pause', 'decidePause', 'resume', 'withdraw', 'callback', 'whistle', 'report', 'merge',
  'flagUnreasonable', 'decideUnreasonable', 'answer', 'dispatch', 'recheck',
];
const RECORDED_CONSULTATION_UPDATES = [
  'screen', 'setParticipants', 'scheduleMeeting', 'recordMeeting', 'publish', 'object', 'decideObjection', 'assign',
  'dispatchRequest', 'progress', 'evaluate',
].map((a) => `consultation.${a}`);

describe.each([
  { context: 'requests', actions: REQUEST_ACTIONS, specs: REQUEST_ACTION_SPECS, statuses: REQUEST_STATUSES as readonly string[] },
  {
    context: 'consultations',
    actions: CONSULTATION_ACTIONS,
    specs: CONSULTATION_ACTION_SPECS,
    statuses: CONSULTATION_STATUSES as readonly string[],
  },
])('the $context action table', ({ actions, specs, statuses }) => {
  const entries = actions.map((a) => ({ action: a, ...specs[a as keyof typeof specs] }));

  test('each action has its own route', () => {
    const routes = entries.map((e) => `${e.method ?? 'post'} ${e.path}`);
    expect(new Set(routes).size).toBe(routes.length);
    for (const e of entries) expect({ action: e.action, path: e.path }).toEqual({ action: e.action, path: expect.stringMatching(/^[a-z]+(-[a-z]+)*(\/[a-z]+)?$/) });
  });

  test('each action is allowed from known statuses, to known roles, with a summary', () => {
    for (const e of entries) {
      expect({ action: e.action, from: e.from.length > 0, roles: e.roles.length > 0 }).toEqual({ action: e.action, from: true, roles: true });
      for (const status of e.from) expect(statuses).toContain(status);
      for (const role of e.roles) expect(ROLES).toContain(role);
      expect(e.summary).toMatch(/^\S+ \S/);
    }
  });
});

describe('derived from the tables', () => {
  test('update names stay the ones recorded histories carry', () => {
    expect(Object.values(REQUEST_ACTION_UPDATES).map((u) => u.name)).toEqual(expect.arrayContaining(RECORDED_REQUEST_UPDATES));
    expect(Object.values(CONSULTATION_ACTION_UPDATES).map((u) => u.name)).toEqual(
      expect.arrayContaining(RECORDED_CONSULTATION_UPDATES),
    );
    expect(Object.keys(REQUEST_ACTION_UPDATES)).toEqual([...REQUEST_ACTIONS]);
    expect(Object.keys(CONSULTATION_ACTION_UPDATES)).toEqual([...CONSULTATION_ACTIONS]);
  });

  test('allowedActions lists the actions of a status in table order', () => {
    expect(allowedActions('DISPATCHED')).toEqual(['sign', 'return', 'overrideDeadline', 'escalate', 'withdraw', 'report', 'merge', 'dispatch']);
    expect(allowedActions('SUSPENDED')).toEqual(['overrideDeadline', 'resume', 'withdraw', 'report']);
    expect(allowedActions('ARCHIVED')).toEqual([]);
    expect(allowedConsultationActions('IMPLEMENTING')).toEqual(['dispatchRequest', 'progress']);
  });

  test('the API validates the body where the entry has one, else the workflow payload', () => {
    const screen = CONSULTATION_ACTION_SPECS.screen;
    expect(apiBodyOf(screen)).toBe(screen.body);
    expect(apiBodyOf(CONSULTATION_ACTION_SPECS.publish)).toBe(CONSULTATION_ACTION_SPECS.publish.schema);
    // The body holds the personal routing details the workflow payload never sees.
    const route = { categoryCode: 'C1', location: { unitCode: 'G1', address: '1号楼' } };
    expect(apiBodyOf(screen).safeParse({ topicCode: 'T1', routeToRequest: route }).success).toBe(true);
    expect(CONSULTATION_ACTION_TABLE.screen.schema.parse({ topicCode: 'T1', routeToRequest: route }).routeToRequest).not.toHaveProperty('location');
  });

  test('each update is typed with its own action’s payload (checked by tsc)', () => {
    type ArgsOf<D> = D extends UpdateDefinition<RequestView, [infer A]> ? A : never;
    type ExtensionArgs = ArgsOf<typeof REQUEST_ACTION_UPDATES.requestExtension>;
    const args: ExtensionArgs = { actor: { subject: 's', role: 'handler' }, input: { amount: 2, unit: 'workday', reason: 'r' } };
    // @ts-expect-error a unit the extension schema does not allow
    const wrong: ExtensionArgs = { actor: { subject: 's', role: 'handler' }, input: { amount: 2, unit: 'day', reason: 'r' } };
    const typed: ActionArgs<z.ZodType> = args;
    expect([typed, wrong]).toHaveLength(2);
  });
});
