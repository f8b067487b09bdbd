/**
 * The node test environment, plus: after each test, the held-back worker log
 * (tests/setup/log-buffer.ts) is printed if the test failed and dropped if it passed.
 */
import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';

export default class QuietEnvironment extends TestEnvironment {
  handleTestEvent(event: Circus.Event): void {
    if (event.name !== 'test_done' && event.name !== 'run_finish') return;
    const hooks = this.global.__huiyingLogHooks;
    if (!hooks) return;
    if (event.name === 'test_done' && event.test.errors.length) hooks.flush(event.test.name);
    else hooks.drop();
  }
}
