import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EntryCreate } from '../../shared/schemas/entry.js';
import type { RatioError } from '../../shared/errors.js';
import { Catalogue } from '../../electron/app/catalogue.js';
import { DATABASE_FILE } from '../../electron/core/db/open.js';
import { backupCatalogue, restoreCatalogue } from '../../electron/shell/backup.js';
import { cleanupTemp, tempDir } from '../helpers.js';

afterEach(cleanupTemp);

function filled(dir: string): Catalogue {
  const catalogue = Catalogue.open(dir, { create: true, actor: 'tester' });
  catalogue.transaction(() => {
    for (let i = 0; i < 300; i += 1)
      catalogue.entryService.create(EntryCreate.parse({ kind: 'method', title: `Method ${i}`, body: `Cropping of batch ${i}. `.repeat(40) }));
  });
  return catalogue;
}

function corruptMiddle(file: string): void {
  // The page size is the header's big-endian number at offset 16.
  const pageSize = fs.readFileSync(file).readUInt16BE(16);
  const pages = Math.floor(fs.statSync(file).size / pageSize);
  const fd = fs.openSync(file, 'r+');
  try {
    fs.writeSync(fd, Buffer.alloc(pageSize * 40, 0xa5), 0, pageSize * 40, Math.floor(pages / 3) * pageSize);
  } finally {
    fs.closeSync(fd);
  }
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as RatioError).code;
  }
  return 'no error';
}

describe('backing up', () => {
  it('refuses a damaged catalogue and leaves the earlier backup as it was', async () => {
    const dir = path.join(tempDir(), 'catalogue');
    const backup = path.join(tempDir(), 'ratio-backup.sqlite');
    const earlier = filled(dir);
    await backupCatalogue(earlier, backup);
    earlier.close();
    const good = fs.readFileSync(backup);
    // Damage that turns up while the app has the catalogue open (a failing disk).
    const catalogue = Catalogue.open(dir, { create: false });
    try {
      corruptMiddle(path.join(dir, DATABASE_FILE));
      expect(await codeOf(backupCatalogue(catalogue, backup))).toBe('CATALOGUE_CORRUPT');
      expect(fs.readFileSync(backup).equals(good)).toBe(true);
      expect(fs.existsSync(`${backup}.partial`)).toBe(false);
    } finally {
      catalogue.close();
    }
  });

  it('a damaged backup is refused on restore and the catalogue stays', async () => {
    const dir = path.join(tempDir(), 'catalogue');
    const catalogue = filled(dir);
    const backup = path.join(tempDir(), 'ratio-backup.sqlite');
    await backupCatalogue(catalogue, backup);
    catalogue.close();
    corruptMiddle(backup);
    const before = fs.readFileSync(path.join(dir, DATABASE_FILE));
    let code = 'no error';
    try {
      restoreCatalogue({ dir, source: backup });
    } catch (error) {
      code = (error as RatioError).code;
    }
    expect(code).toBe('CATALOGUE_CORRUPT');
    expect(fs.readFileSync(path.join(dir, DATABASE_FILE)).equals(before)).toBe(true);
  });
});
