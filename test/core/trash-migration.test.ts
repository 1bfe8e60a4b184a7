import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { createLocalClient } from '../../electron/api/local-client.js';
import { Catalogue } from '../../electron/app/catalogue.js';
import { MIGRATIONS } from '../../electron/core/db/migrations.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { OWN_ENTERPRISE_SETTING } from '../../electron/core/services/enterprise-admin.js';
import { SELF_SETTING } from '../../electron/exchange/keys.js';
import { EntryCreate } from '../../shared/schemas/entry.js';
import { cleanupTemp, tempDir } from '../helpers.js';

afterEach(cleanupTemp);

it('lists entries deleted before the trash existed, restorable from their history', async () => {
  const dir = path.join(tempDir(), 'cat');
  const older = Catalogue.open(dir, { create: true, actor: 'tester', migrations: MIGRATIONS.filter((m) => m.version < 9) });
  const kept = older.entryService.create(EntryCreate.parse({ kind: 'method', title: 'Kept' }));
  const gone = older.entryService.create(EntryCreate.parse({ kind: 'method', title: 'Deleted long ago' }));
  older.entryService.delete(gone.id);
  older.close();

  const catalogue = Catalogue.open(dir, { create: false, actor: 'tester' });
  try {
    const client = createLocalClient(createHandlers(catalogue, { resourcesDir: findResourcesDir }), { validateResponses: true });
    const list = await client.call('trash.list', {});
    expect(list.entries.map((e) => [e.id, e.title, e.revision])).toEqual([[gone.id, 'Deleted long ago', 1]]);
    await client.call('trash.restore', { id: gone.id });
    expect((await client.call('entries.list', {})).entries.map((e) => e.id).sort()).toEqual([kept.id, gone.id].sort());
  } finally {
    catalogue.close();
  }
});

it('names the own enterprise under the same settings key as the exchange', () => {
  expect(OWN_ENTERPRISE_SETTING).toBe(SELF_SETTING);
});
