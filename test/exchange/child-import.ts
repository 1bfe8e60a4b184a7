// Runs an import in a child process and stops it mid-apply, so a test can SIGKILL it there.
import fs from 'node:fs';
import { Catalogue } from '../../electron/app/catalogue.js';
import { importBundle } from '../../electron/exchange/import-bundle.js';

const [dir, file, pauseAt] = process.argv.slice(2) as [string, string, string];
const catalogue = Catalogue.open(dir, { create: false, actor: 'child' });
await importBundle(catalogue, file, {
  dryRun: false,
  onConflict: 'keep-local',
  trust: true,
  actor: 'child',
  progress: (event) => {
    if (event.task === 'Importing entries' && event.done === Number(pauseAt)) {
      fs.writeSync(1, 'PAUSED\n');
      // Block inside the open transaction until killed.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    }
  },
});
fs.writeSync(1, 'FINISHED\n');
