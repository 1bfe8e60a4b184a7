// Runs the real core host in-process behind a stand-in utility process, so main's wiring
// is exercised against a real catalogue (with Node's build of better-sqlite3).
import { answerMessages, createCoreHost } from '../../electron/shell/core-host.js';
import { CORE_SETTINGS_ENV, type CoreNotice, type CoreSettings } from '../../electron/shell/core-messages.js';
import type { FakeUtilityProcess } from './fake-electron.js';

export interface WireOptions {
  /** Load the addon main asked for instead of Node's build (to see a load failure). */
  useNativeBinding?: boolean;
}

export function wireCoreHost(child: FakeUtilityProcess, options: WireOptions = {}): void {
  const raw = child.options.env?.[CORE_SETTINGS_ENV];
  const settings = JSON.parse(raw ?? '{}') as CoreSettings;
  // The Electron build of the addon does not exist here; Node's build serves the test.
  const nativeBinding = options.useNativeBinding ? settings.nativeBinding : null;
  const post = (notice: CoreNotice): void => void child.emit('message', notice);
  const host = createCoreHost({ ...settings, nativeBinding }, (report) => post({ kind: 'progress', report }));
  // Answered the way core-process.ts answers them: each message at once, none waiting for
  // the one before (an import that awaits file I/O lets the next message in).
  child.onMessage = answerMessages(host, post);
}
