// Runs the real core host in-process behind a stand-in utility process, so main's wiring
// is exercised against a real catalogue (with Node's build of better-sqlite3).
import { createCoreHost } from '../../electron/shell/core-host.js';
import { CORE_SETTINGS_ENV, isCoreEnvelope, type CoreNotice, type CoreSettings } from '../../electron/shell/core-messages.js';
import type { FakeUtilityProcess } from './fake-electron.js';

export function wireCoreHost(child: FakeUtilityProcess): void {
  const raw = child.options.env?.[CORE_SETTINGS_ENV];
  const settings = JSON.parse(raw ?? '{}') as CoreSettings;
  // The Electron build of the addon does not exist here; Node's build serves the test.
  const host = createCoreHost({ ...settings, nativeBinding: null }, (report) => child.emit('message', { kind: 'progress', report } satisfies CoreNotice));
  // Messages are handled one after another, as the real process's event loop does with
  // better-sqlite3's synchronous calls.
  let queue = Promise.resolve();
  child.onMessage = (envelope) => {
    if (!isCoreEnvelope(envelope)) return;
    queue = queue.then(async () => {
      const reply = await host.handle(envelope.message);
      child.emit('message', { kind: 'reply', id: envelope.id, reply } satisfies CoreNotice);
    });
  };
}
