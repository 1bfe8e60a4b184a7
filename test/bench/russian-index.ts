/**
 * Indexing cost of Russian text: `npx tsx test/bench/russian-index.ts --entries N [--dir DIR]`.
 * bench-search.ts's catalogue has no Cyrillic, so this one draws its words from the Russian
 * entries of the demo catalogue, as written (every inflected form) and as often as they occur
 * there, into entries of bench-search's shape (title 8 words, summary 40, body 300), and
 * reports indexing throughput and the database's size. Its vocabulary is the demo's (about
 * 3,000 forms), so each form is analysed once and the rest are cache hits: the cost of a
 * new word is what russian-analysis.ts reports.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Catalogue } from '../../electron/app/catalogue.js';
import { newId } from '../../electron/core/ids.js';
import type { EntrySnapshot } from '../../shared/schemas/entry.js';
import { option, rng } from './bench-args.js';

const N = Number(option('entries', '5000'));
const DIR = path.resolve(option('dir', path.join(os.tmpdir(), `ratio-bench-ru-${N}`)));

const demo = JSON.parse(fs.readFileSync(path.resolve('resources/demo/catalogue.json'), 'utf8')) as {
  entries: { language: string; title: string; summary: string; body: string }[];
};
// Every word occurrence of the Russian entries: drawing uniformly from them draws each form as often as the demo uses it.
const occurrences = demo.entries.filter((e) => e.language === 'ru').flatMap((e) => `${e.title} ${e.summary} ${e.body}`.match(/\p{Script=Cyrillic}+/gu) ?? []);

const text = (r: () => number, n: number): string => Array.from({ length: n }, () => occurrences[Math.floor(r() * occurrences.length)] as string).join(' ');

function snapshot(i: number): EntrySnapshot {
  const r = rng(1000 + i);
  return {
    kind: 'method',
    title: text(r, 8),
    summary: text(r, 40),
    body: text(r, 300),
    status: 'accepted',
    language: 'ru',
    enterprise: 'Предприятие',
    registration: `RP-${i}`,
    authors: [],
    tags: [],
    classification: [],
    attachments: [],
  };
}

fs.rmSync(DIR, { recursive: true, force: true });
const rssBefore = process.memoryUsage().rss;
const catalogue = Catalogue.open(DIR, { create: true, actor: 'bench' });
const started = performance.now();
try {
  catalogue.search.ensureCurrent();
  for (let i = 0; i < N; i += 1000) {
    catalogue.transaction(() => {
      for (let j = i; j < Math.min(N, i + 1000); j += 1) {
        catalogue.entryRepo.write(newId(), snapshot(j), { createdAt: '2000-01-01T00:00:00.000Z', updatedAt: '2000-01-01T00:00:00.000Z', revision: 1 }, true);
      }
    });
  }
  catalogue.db.exec("INSERT INTO search_index (search_index) VALUES ('optimize')");
  catalogue.db.pragma('wal_checkpoint(TRUNCATE)');
} finally {
  catalogue.close();
}
const seconds = (performance.now() - started) / 1000;
const size = fs.readdirSync(DIR).reduce((sum, f) => sum + (f.endsWith('.db') || f.endsWith('.sqlite') ? fs.statSync(path.join(DIR, f)).size : 0), 0);
console.log(`Russian catalogue: ${N} entries from ${new Set(occurrences).size} word forms of the demo`);
console.log(`- indexing: ${Math.round(N / seconds)} entries/s (${seconds.toFixed(1)} s)`);
console.log(`- database size: ${(size / 1024 / 1024).toFixed(1)} MB`);
console.log(`- RSS growth: ${((process.memoryUsage().rss - rssBefore) / 1024 / 1024).toFixed(0)} MB`);
