/**
 * Bulk curation benchmark: `npx tsx test/bench/bulk.ts [--entries N] [--selected K]`.
 * Makes a catalogue of N entries (default 20,000) through the real services (one revision
 * each, indexed), then times entries.bulk on K of them (default 10,000) chosen by a search:
 * the dry-run preview, the apply (a tag added and removed and the status set, one revision
 * per entry, search index kept in step), the undo, and a move to the trash and its undo.
 * `--apply-only` times the apply alone, `--trash-only` the move to the trash and its undo.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHandlers, type ProgressEvent } from '../../electron/api/handlers/index.js';
import { createLocalClient } from '../../electron/api/local-client.js';
import { Catalogue } from '../../electron/app/catalogue.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { option } from './bench-args.js';

const N = Number(option('entries', '20000'));
const K = Number(option('selected', '10000'));

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-bench-bulk-'));
  const catalogue = Catalogue.open(path.join(dir, 'cat'), { create: true, actor: 'bench' });
  try {
    const events: ProgressEvent[] = [];
    const client = createLocalClient(createHandlers(catalogue, { resourcesDir: findResourcesDir, progress: (e) => events.push(e) }));
    const words = ['steam', 'cloth', 'worsted', 'fulling', 'loom', 'warp', 'weft', 'press', 'roller', 'drum', 'coal', 'face'];
    const t0 = performance.now();
    catalogue.transaction(() => {
      catalogue.searchIndexer?.deferring(() => {
        for (let i = 0; i < N; i += 1) {
          const body = Array.from({ length: 120 }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ');
          catalogue.entryService.create({
            kind: i % 2 === 0 ? 'method' : 'proposal',
            title: `${i < K ? 'Selected' : 'Other'} entry ${i} ${words[i % words.length] ?? ''}`,
            summary: `Summary of entry ${i}.`,
            body,
            status: 'draft',
            language: 'en',
            enterprise: i % 3 === 0 ? 'Kulanovno' : null,
            registration: '',
            authors: ['A. Petrov'],
            tags: [`group/${i % 10}`],
            classification: [],
          });
        }
      });
    });
    console.log(`made ${N} entries in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // Untimed: a new catalogue's first search records the index version and builds the facet store.
    const w0 = performance.now();
    await client.call('search.query', { query: 'steam', filters: { kind: ['method'] } });
    console.log(`first search (index version, facet store): ${((performance.now() - w0) / 1000).toFixed(2)} s`);
    const selection = { by: 'search' as const, query: 'title:selected' };
    const time = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
      events.length = 0;
      const a = performance.now();
      const result = await work();
      console.log(`${label}: ${((performance.now() - a) / 1000).toFixed(2)} s (${events.length} progress events)`);
      return result;
    };
    if (process.argv.includes('--apply-only')) {
      await time(`apply to ${K}`, () =>
        client.call('entries.bulk', { selection, changes: { addTags: ['checked'], removeTags: ['group/1'], status: 'accepted' } }),
      );
      return;
    }
    if (process.argv.includes('--trash-only')) {
      const trashed = await time(`move ${K} to the trash`, () => client.call('entries.bulk', { selection, changes: { trash: true } }));
      await time(`undo the trash move of ${K}`, () => client.call('entries.undo', { token: trashed.undo as string }));
      return;
    }
    const preview = await time('preview (dry run)', () =>
      client.call('entries.bulk', { selection, changes: { addTags: ['checked'], removeTags: ['group/1'], status: 'accepted' }, dryRun: true }),
    );
    if (preview.changed !== K) throw new Error(`expected ${K} entries to change, the preview says ${preview.changed}`);
    const applied = await time(`apply to ${K}`, () =>
      client.call('entries.bulk', { selection, changes: { addTags: ['checked'], removeTags: ['group/1'], status: 'accepted' } }),
    );
    if (applied.revisions !== K) throw new Error(`expected ${K} revisions, got ${applied.revisions}`);
    await time(`undo of ${K}`, () => client.call('entries.undo', { token: applied.undo as string }));
    const trashed = await time(`move ${K} to the trash`, () => client.call('entries.bulk', { selection, changes: { trash: true } }));
    await time(`undo the trash move of ${K}`, () => client.call('entries.undo', { token: trashed.undo as string }));
    const check = await client.call('search.query', { query: 'title:selected', filters: { status: ['draft'] }, limit: 1 });
    if (check.total !== K) throw new Error(`after the undos ${check.total} selected entries are drafts, not ${K}`);
  } finally {
    catalogue.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
