// The catalogue core's own process (Electron utilityProcess): SQLite work, imports and
// re-indexing run here, so the window's main process never blocks on them.
import { answerMessages, createCoreHost } from './core-host.js';
import { CORE_SETTINGS_ENV, type CoreNotice, type CoreSettings } from './core-messages.js';

function readSettings(): CoreSettings {
  const raw = process.env[CORE_SETTINGS_ENV];
  const parsed = raw ? (JSON.parse(raw) as Partial<CoreSettings>) : {};
  return {
    resourcesDir: typeof parsed.resourcesDir === 'string' ? parsed.resourcesDir : null,
    nativeBinding: typeof parsed.nativeBinding === 'string' ? parsed.nativeBinding : null,
    actor: typeof parsed.actor === 'string' ? parsed.actor : null,
  };
}

const port = process.parentPort;
if (!port) {
  console.error('ratio core: this module runs only as an Electron utility process.');
  process.exit(1);
}
const post = (notice: CoreNotice): void => port.postMessage(notice);
const host = createCoreHost(readSettings(), (report) => post({ kind: 'progress', report }));
const answer = answerMessages(host, post);

port.on('message', ({ data }) => answer(data));
