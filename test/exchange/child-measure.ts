// Runs one import (or preview) in a child process and prints, as JSON on its last line, how
// it ended, how much its resident memory grew at the peak, and which bundle files it read.
import fs from 'node:fs';
import { Catalogue } from '../../electron/app/catalogue.js';
import { importBundle } from '../../electron/exchange/import-bundle.js';
import { BundleArchive } from '../../electron/exchange/zip-reader.js';

const [dir, file, mode, trust] = process.argv.slice(2) as [string, string, 'import' | 'preview', '0' | '1'];

/** Entry records and attachments whose content was read (the archive's two ways of reading content). */
const read = { entries: 0, attachments: 0 };
// The originals are called with the archive as `this`.
// eslint-disable-next-line @typescript-eslint/unbound-method
const readMany = BundleArchive.prototype.readMany;
BundleArchive.prototype.readMany = async function* (files, max) {
  for await (const item of readMany.call(this, files, max)) {
    if (item.file.name.startsWith('entries/')) read.entries += 1;
    yield item;
  }
};
// eslint-disable-next-line @typescript-eslint/unbound-method
const chunks = BundleArchive.prototype.chunks;
BundleArchive.prototype.chunks = function (archived) {
  if (archived.name.startsWith('attachments/')) read.attachments += 1;
  return chunks.call(this, archived);
};
// eslint-disable-next-line @typescript-eslint/unbound-method
const storedBytes = BundleArchive.prototype.storedBytes;
BundleArchive.prototype.storedBytes = function (archived) {
  if (archived.name.startsWith('attachments/')) read.attachments += 1;
  return storedBytes.call(this, archived);
};

/** A size from /proc/self/status, in bytes. */
const status = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1]) * 1024;

const catalogue = Catalogue.open(dir, { create: false, actor: 'child' });
global.gc?.();
// Peak RSS is counted from here (writing 5 resets the kernel's high-water mark to the current RSS).
fs.writeFileSync('/proc/self/clear_refs', '5');
const before = status('VmRSS');
const outcome: Record<string, unknown> = {};
const started = process.hrtime.bigint();
const cpu = process.cpuUsage();
try {
  const report = await importBundle(catalogue, file, { dryRun: mode === 'preview', onConflict: 'keep-local', trust: trust === '1', actor: 'child' });
  Object.assign(outcome, {
    code: 'OK',
    new: report.new,
    tagsCreated: report.tagsCreated.length,
    entriesRead: report.entriesRead,
    announced: report.announced,
    message: report.message,
  });
} catch (error) {
  Object.assign(outcome, { code: (error as { code?: string }).code ?? 'THROWN', message: error instanceof Error ? error.message : String(error) });
}
const importSeconds = Number(process.hrtime.bigint() - started) / 1e9;
const used = process.cpuUsage(cpu);
const importCpuSeconds = (used.user + used.system) / 1e6;
const growthMB = (status('VmHWM') - before) / 1024 / 1024;
catalogue.close();
fs.writeSync(1, `${JSON.stringify({ ...outcome, growthMB, importSeconds, importCpuSeconds, read })}\n`);
