import type { Database } from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { PreAnalysis } from '../../electron/search/pre-analysis.js';
import { indexText, markdownToText } from '../../electron/search/pipeline.js';
import { surfaceWordsOf } from '../../electron/search/surface-words.js';
import { unpackIds } from '../../electron/search/word-store.js';
import { cleanupTemp, openTestCatalogue } from '../helpers.js';
import { EntryCreate } from '../../shared/schemas/entry.js';

afterEach(cleanupTemp);

const TEXTS = [
  { text: 'Finishing of **worsted** cloth: [steam](https://example.org) decatising', markdown: true },
  { text: 'Отделка тканей на Троицкой суконной фабрике; ёлочка', markdown: false },
  { text: '库兰夫诺细绒工厂的整理方法', markdown: false },
  { text: '# Heading\n\n- list item with `code`\n\n```\nfenced block\n```', markdown: true },
];

async function answered(pre: PreAnalysis): Promise<void> {
  const until = Date.now() + 20_000;
  while (!pre.settled()) {
    if (Date.now() > until) throw new Error('the worker did not answer within 20 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every posting (entry, term, column, offset), by entry id so re-indexing's new docids do not matter. */
function postings(db: Database): string[] {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.instances USING fts5vocab(main, search_index, 'instance')");
  const rows = db.prepare('SELECT d.entry_id, i.term, i.col, i.offset FROM temp.instances i JOIN search_docs d ON d.docid = i.doc').raw().all() as unknown[][];
  return rows.map((r) => r.join('\u0001')).sort();
}

/** The surface vocabulary and each entry's words, by entry id and word so new ids do not matter. */
function vocabulary(db: Database): string[] {
  const words = db.prepare('SELECT word, terms, docs FROM search_words').raw().all() as unknown[][];
  const byId = new Map((db.prepare('SELECT id, word FROM search_words').raw().all() as [number, string][]).map(([id, word]) => [id, word]));
  const docs = (
    db.prepare('SELECT d.entry_id, w.ids FROM search_doc_words w JOIN search_docs d ON d.docid = w.docid').raw().all() as [string, Uint8Array][]
  ).map(
    ([entry, ids]) =>
      `${entry}: ${unpackIds(ids)
        .map((id) => byId.get(id))
        .sort()
        .join(' ')}`,
  );
  return [...words.map((r) => r.join('\u0001')), ...docs].sort();
}

describe('pre-analysis on a worker thread', () => {
  it('answers with exactly the terms the indexer would work out itself', async () => {
    const pre = new PreAnalysis();
    try {
      for (const t of TEXTS) pre.add(t.text, t.markdown);
      pre.flush();
      const plain = TEXTS.map((t) => (t.markdown ? markdownToText(t.text) : t.text));
      await answered(pre);
      for (const p of plain) expect(pre.terms(p)).toBe(indexText(p));
      for (const p of plain) expect(pre.surface(p)).toEqual(surfaceWordsOf([p]));
      for (const t of TEXTS) expect(pre.plain(t.text)).toBe(t.markdown ? markdownToText(t.text) : undefined);
      expect(pre.terms('a text nobody sent')).toBeUndefined();
      // Each answer is given once: a re-index of a million entries keeps only what is in flight.
      expect(pre.terms(plain[0] as string)).toBeUndefined();
      expect(pre.surface(plain[0] as string)).toBeUndefined();
    } finally {
      pre.close();
    }
  });

  it('answers nothing, and throws nothing, when its worker cannot start', async () => {
    const pre = new PreAnalysis(new URL(`data:text/javascript,${encodeURIComponent('throw new Error("no worker here")')}`));
    await new Promise((r) => setTimeout(r, 300));
    for (const t of TEXTS) pre.add(t.text, t.markdown);
    pre.flush();
    await new Promise((r) => setTimeout(r, 100));
    expect(pre.terms(TEXTS[1]?.text ?? '')).toBeUndefined();
    expect(pre.hits).toBe(0);
    pre.close();
  });

  it('gives the index the same postings as indexing alone', async () => {
    const t = openTestCatalogue();
    try {
      const { catalogue } = t;
      const indexer = catalogue.searchIndexer;
      if (!indexer) throw new Error('no indexer');
      const pre = new PreAnalysis();
      const entries = TEXTS.map((x, i) => ({ title: `${x.text.slice(0, 30)} ${i}`, summary: TEXTS[(i + 1) % TEXTS.length]?.text ?? '', body: x.text }));
      for (const e of entries) {
        pre.add(e.title, false);
        pre.add(e.summary, false);
        pre.add(e.body, true);
      }
      pre.flush();
      await answered(pre);
      catalogue.transaction(() =>
        indexer.withPreAnalysis(pre, () =>
          indexer.deferring(() => {
            for (const e of entries) catalogue.entryService.create(EntryCreate.parse({ kind: 'method', ...e }));
          }),
        ),
      );
      pre.close();
      expect(pre.hits).toBeGreaterThanOrEqual(entries.length * 2);
      const withWorker = postings(catalogue.db);
      const wordsWithWorker = vocabulary(catalogue.db);
      expect(withWorker.length).toBeGreaterThan(50);
      catalogue.search.reindex();
      expect(postings(catalogue.db)).toEqual(withWorker);
      expect(vocabulary(catalogue.db)).toEqual(wordsWithWorker);
    } finally {
      t.close();
    }
  });

  it('re-indexes with the next batch analysed on the worker, to the same postings and words as indexing alone', async () => {
    const t = openTestCatalogue();
    try {
      const { catalogue } = t;
      const indexer = catalogue.searchIndexer;
      if (!indexer) throw new Error('no indexer');
      catalogue.transaction(() => {
        for (let i = 0; i < 40; i += 1) {
          const x = TEXTS[i % TEXTS.length] as (typeof TEXTS)[number];
          catalogue.entryService.create(
            EntryCreate.parse({ kind: 'method', title: `Entry ${i} ${x.text.slice(0, 20)}`, summary: 'Сукно и углём', body: x.text }),
          );
        }
      });
      const alone = postings(catalogue.db);
      const aloneWords = vocabulary(catalogue.db);
      // A worker already started, its Russian and Chinese dictionaries loaded (the first texts
      // take it a second or two), so that in batches of 4 each next batch is answered while
      // the one before is written.
      const worker = new PreAnalysis();
      for (const x of TEXTS) worker.add(`${x.text} warm`, x.markdown);
      worker.flush();
      await answered(worker);
      const done: number[] = [];
      const count = indexer.reindexAll((d) => done.push(d), { batch: 4, analysis: () => worker });
      expect(count).toBe(40);
      expect(done.at(-1)).toBe(40);
      expect(worker.hits).toBeGreaterThan(0);
      expect(postings(catalogue.db)).toEqual(alone);
      expect(vocabulary(catalogue.db)).toEqual(aloneWords);
    } finally {
      t.close();
    }
  });

  it('finds its worker beside the bundle once built, as build-node lays them out', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    // Inside node_modules/, so the bundles find their external packages as dist/ does.
    const dir = fs.mkdtempSync(path.join(root, 'node_modules', '.ratio-probe-'));
    try {
      const probe = path.join(dir, 'probe.ts');
      fs.writeFileSync(
        probe,
        `import { PreAnalysis } from ${JSON.stringify(path.join(root, 'electron/search/pre-analysis.ts'))};
       const pre = new PreAnalysis();
       pre.add('Finished ТКАНЕЙ', false);
       pre.flush();
       const until = Date.now() + 20000;
       const poll = () => { const t = pre.terms('Finished ТКАНЕЙ'); if (t !== undefined || Date.now() > until) { console.log(JSON.stringify(t)); pre.close(); } else setTimeout(poll, 20); };
       poll();`,
      );
      const common = {
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'esm',
        packages: 'external',
        outExtension: { '.js': '.mjs' },
        logLevel: 'silent',
      } as const;
      await build({ ...common, entryPoints: { probe, 'analysis-worker': path.join(root, 'electron/search/analysis-worker.ts') }, outdir: dir });
      const run = spawnSync(process.execPath, [path.join(dir, 'probe.mjs')], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      // Тканей is also the comparative of тканый: its other reading follows the text (pipeline.ts, indexText).
      expect(run.stdout.trim()).toBe(JSON.stringify('finish ткань тканый'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
