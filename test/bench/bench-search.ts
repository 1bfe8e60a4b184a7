/**
 * Search benchmark: `npm run bench:search -- --entries N [--dir DIR] [--queries Q] [--rerank off] [--zh SHARE]`.
 * Generates a deterministic synthetic catalogue (title ~8 words, summary ~40, body ~300,
 * 3 tags, Zipfian vocabulary), then prints p50/p95 per query type for Ratio's search (one
 * page of 10 with snippets and facets), the raw FTS5 MATCH of the same compiled terms, and
 * lunr (only up to 20,000 entries: beyond that it cannot build in reasonable memory/time);
 * plus indexing throughput, database size, RSS and catalogue open time.
 *
 * For speed the generator writes entries with EntryRepository.write inside large
 * transactions and records no revisions (EntryService would add one revision row per
 * entry); every entry is still indexed by the real indexer through the same hook.
 * An existing catalogue in --dir with the same N is reused, so 1,000,000 is generated once.
 * `--zh 0.1` writes that share of the entries in Chinese (dictionary words run together
 * without spaces, as Chinese is written) and adds Chinese query types; 0 (the default) keeps
 * the catalogue and the queries as they always were.
 * `--concepts 2000` adds a thesaurus of that many concepts (an English label from the query
 * words' part of the vocabulary, so most queries match one, a Russian and a Chinese label,
 * one in five narrower than the one before) and times every query with expansion and without.
 * `--attachments 0.5` gives that share of the entries an attached PDF whose extracted text
 * (two pages of ~300 words each, stored as extraction stores it) is indexed in the
 * attachments field; 0 (the default) attaches nothing.
 * `--compact` rewrites the catalogue without its free pages after the re-index (as
 * `ratio compact` does) and prints the file's size and the time it took.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import lunr from 'lunr';
import { Catalogue } from '../../electron/app/catalogue.js';
import { newId } from '../../electron/core/ids.js';
import type { ResolvedFilters } from '../../electron/search/engine.js';
import { BM25_WEIGHTS } from '../../electron/search/fields.js';
import type { EntrySnapshot } from '../../shared/schemas/entry.js';
import { rawFts5Build, tableBytes, textBytes, type RawBuild, type TableBytes, type TextBytes } from './index-cost.js';
import { option, rng } from './bench-args.js';
import { compactCatalogue } from '../../electron/core/db/compact.js';

const N = Number(option('entries', '10000'));
const QUERIES = Number(option('queries', '60'));
const ATTACHED_SHARE = Number(option('attachments', '0'));
const DIR = path.resolve(
  option(
    'dir',
    path.join(
      os.tmpdir(),
      `ratio-bench-${N}${Number(option('zh', '0')) > 0 ? `-zh${option('zh', '0')}` : ''}${ATTACHED_SHARE > 0 ? `-att${ATTACHED_SHARE}` : ''}`,
    ),
  ),
);
const LUNR_LIMIT = 20_000;
/** `--rerank off` times FTS5's BM25 order alone, without the feedback re-ranking of free-text queries (to compare the two). */
const RERANK = option('rerank', 'on') !== 'off';
const ZH_SHARE = Number(option('zh', '0'));
const CONCEPTS = Number(option('concepts', '0'));
/**
 * `--reindex` / `--reindex off`: time searchIndexer.reindexAll() on the generated catalogue.
 * On by default up to 200,000 entries; above, only when given, since at 1M it runs for long.
 */
const REINDEX = process.argv.includes('--reindex') ? option('reindex', 'on') !== 'off' : N <= 200_000;
/** `--compact`: after the re-index, rewrite the file without its free pages (`ratio compact`) and print its size and time. */
const COMPACT = process.argv.includes('--compact');

const VOCABULARY = 30_000;
const SYLLABLES = ['ka', 'lo', 'mi', 'ner', 'tu', 'sa', 'ven', 'dor', 'pi', 'ral', 'es', 'to', 'gun', 'bel', 'ri', 'ca', 'nos', 'fe', 'lin', 'ur'];
const words: string[] = (() => {
  const r = rng(7);
  const seen = new Set<string>();
  const out: string[] = [];
  while (out.length < VOCABULARY) {
    const n = 2 + Math.floor(r() * 3);
    let w = '';
    for (let i = 0; i < n; i += 1) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    if (!seen.has(w)) {
      seen.add(w);
      out.push(w);
    }
  }
  return out;
})();
/** Zipf (s = 1) cumulative weights, so a few words are very common and most are rare. */
const cdf: Float64Array = (() => {
  const c = new Float64Array(VOCABULARY);
  let sum = 0;
  for (let i = 0; i < VOCABULARY; i += 1) {
    sum += 1 / (i + 1);
    c[i] = sum;
  }
  for (let i = 0; i < VOCABULARY; i += 1) c[i] = (c[i] as number) / sum;
  return c;
})();
function zipfWord(r: () => number): string {
  const x = r();
  let lo = 0;
  let hi = VOCABULARY - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cdf[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return words[lo] as string;
}
const text = (r: () => number, n: number): string => Array.from({ length: n }, () => zipfWord(r)).join(' ');

/** Words of Chinese technical text (mining, textiles, machining), most common first: what jieba's dictionary holds. */
const ZH_WORDS = (
  '方法 工艺 设备 提高 采用 生产 技术 装置 使用 进行 工作 改进 系统 过程 材料 结构 控制 质量 效率 降低 ' +
  '瓦斯 抽放 煤层 采煤 工作面 巷道 支护 液压 支架 立柱 通风 钻孔 封孔 掘进 顶板 矿井 井下 运输 皮带 ' +
  '呢绒 整理 纺织 细绒 羊毛 织物 染色 印花 纱线 纺纱 织机 经纱 纬纱 棉布 毛纺 精梳 梳理 漂白 烘干 定型 ' +
  '机床 磨床 车床 铣床 刀具 夹具 导轨 床身 主轴 齿轮 轴承 加工 切削 磨削 装夹 精度 表面 零件 工件 模具 ' +
  '焊接 铸造 锻造 热处理 淬火 回火 钢材 铸铁 合金 涂层 防腐 润滑 密封 阀门 管道 泵站 压缩机 电机 变压器 电缆 ' +
  '检测 测量 仪表 传感器 自动化 监测 数据 计算 分析 试验 安全 事故 预防 维修 保养 更换 故障 寿命 成本 节约 ' +
  '能源 消耗 温度 压力 浓度 流量 速度 时间 产量 能力 强度 硬度 厚度 宽度 长度 重量 用量 工人 车间 工厂'
).split(' ');
const ZH_PUNCTUATION = ['，', '。', '、', '；'];
/** n Chinese words (Zipfian over ZH_WORDS, as the English vocabulary is), a mark every few words, no spaces. */
function zhText(r: () => number, n: number): string {
  let out = '';
  for (let i = 0; i < n; i += 1) {
    const x = r() * Math.log(ZH_WORDS.length + 1);
    out += ZH_WORDS[Math.min(ZH_WORDS.length - 1, Math.floor(Math.exp(x)) - 1)] as string;
    if (r() < 0.15) out += ZH_PUNCTUATION[Math.floor(r() * ZH_PUNCTUATION.length)] as string;
  }
  return out;
}

const KINDS = ['proposal', 'invention', 'method'] as const;
const STATUSES = ['draft', 'submitted', 'accepted', 'implemented', 'rejected', 'archived'] as const;
const TAGS = Array.from({ length: 200 }, (_, i) => `area${i % 12}/topic${i}`);
const ENTERPRISES = Array.from({ length: 50 }, (_, i) => `Enterprise ${words[500 + i]}`);

function snapshot(i: number): { snap: EntrySnapshot; createdAt: string } {
  const r = rng(1000 + i);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
  const year = 1950 + Math.floor(r() * 70);
  // Drawn from a generator of its own, so the other entries are what they are without --zh.
  const zh = ZH_SHARE > 0 && rng(500_000 + i)() < ZH_SHARE ? rng(900_000 + i) : null;
  return {
    createdAt: `${year}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}T00:00:00.000Z`,
    snap: {
      kind: pick(KINDS),
      title: zh ? zhText(zh, 8) : text(r, 8),
      summary: zh ? zhText(zh, 40) : text(r, 40),
      body: zh ? zhText(zh, 300) : text(r, 300),
      status: pick(STATUSES),
      language: zh ? 'zh' : r() < 0.8 ? 'en' : 'ru',
      enterprise: pick(ENTERPRISES),
      registration: `RP-${year}-${i}`,
      authors: [`Author ${words[1000 + Math.floor(r() * 500)]}`],
      tags: [pick(TAGS), pick(TAGS), pick(TAGS)].filter((t, k, all) => all.indexOf(t) === k),
      classification: [`${pick(['A', 'B', 'C', 'D'])}0${1 + Math.floor(r() * 9)}${pick(['B', 'C', 'F'])} ${1 + Math.floor(r() * 30)}/0${Math.floor(r() * 9)}`],
      attachments: [],
    },
  };
}

/** The attached file of entry i under --attachments: a made-up hash (no bytes are stored) and its pages' text. */
function attachedText(i: number): { sha256: string; size: number; pages: string[] } | null {
  if (ATTACHED_SHARE <= 0 || rng(700_000 + i)() >= ATTACHED_SHARE) return null;
  const r = rng(800_000 + i);
  const pages = [text(r, 300), text(r, 300)];
  return { sha256: createHash('sha256').update(`bench attachment ${i}`).digest('hex'), size: 4096 + pages.join('').length, pages };
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export function generate(): { seconds: number } | null {
  const marker = path.join(DIR, 'bench-entries.txt');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === String(N)) return null;
  fs.rmSync(DIR, { recursive: true, force: true });
  const catalogue = Catalogue.open(DIR, { create: true, actor: 'bench' });
  const started = performance.now();
  const batch = 5000;
  try {
    catalogue.search.ensureCurrent();
    for (let i = 0; i < N; i += batch) {
      catalogue.transaction(() => {
        for (let j = i; j < Math.min(N, i + batch); j += 1) {
          const { snap, createdAt } = snapshot(j);
          const file = attachedText(j);
          if (file) {
            // The text is stored first, so the entry is indexed once, with it.
            catalogue.blobs.record(file.sha256, file.size);
            catalogue.attachmentTexts.enqueue([file.sha256], 1);
            catalogue.attachmentTexts.claim(file.sha256, 1);
            catalogue.attachmentTexts.finish(file.sha256, 1, {
              detectedType: 'application/pdf',
              pages: file.pages.map((t, k) => ({ page: k + 1, text: t, method: 'text' as const, confidence: null, language: null })),
            });
            snap.attachments = [{ sha256: file.sha256, name: `spec-${j}.pdf`, mediaType: 'application/pdf', size: file.size }];
          }
          catalogue.entryRepo.write(newId(), snap, { createdAt, updatedAt: createdAt, revision: 1 }, true);
        }
      });
      if (N >= 50_000) process.stderr.write(`\rgenerated ${Math.min(N, i + batch)}/${N}`);
    }
    // Both search tables merged into one segment each, as a re-index leaves them: left as the
    // batches wrote it, the impact table of a catalogue with attachment text had 12 segments
    // against 6 without, and every token is looked up in each (its lists cost 1.8 times as much).
    catalogue.db.exec("INSERT INTO search_index (search_index) VALUES ('optimize')");
    catalogue.db.exec("INSERT INTO search_impacts (search_impacts) VALUES ('optimize')");
    catalogue.db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    catalogue.close();
  }
  if (N >= 50_000) process.stderr.write('\n');
  fs.writeFileSync(marker, String(N));
  return { seconds: (performance.now() - started) / 1000 };
}

export interface QuerySpec {
  type: string;
  ratio: string;
  filters?: ResolvedFilters;
  lunr: string | null;
}

/**
 * Each word is drawn once per set: the engine remembers its last answers until the next
 * write (what typing asks again and again), and a repeated query would time that memory,
 * not the search. The first queries of the set warm the page cache and are not timed.
 */
export function querySet(catalogue: Catalogue, seed: number, count: number): QuerySpec[] {
  const r = rng(seed);
  const drawn = new Set<string>();
  const mid = (): string => {
    for (;;) {
      const word = words[20 + Math.floor(r() * 2000)] as string;
      if (!drawn.has(word)) {
        drawn.add(word);
        return word;
      }
    }
  };
  const tagId = catalogue.tags.require(TAGS[3] as string);
  const specs: QuerySpec[] = [];
  for (let i = 0; i < count; i += 1) {
    const a = mid();
    const b = mid();
    // A phrase that occurs: two adjacent words of some generated entry's body.
    const bodyWords = snapshot(Math.floor(r() * N)).snap.body.split(' ');
    const at = Math.floor(r() * (bodyWords.length - 1));
    const phrase = `${bodyWords[at] as string} ${bodyWords[at + 1] as string}`;
    const typo = `${a.slice(0, 2)}${a.charAt(2) === 'x' ? 'y' : 'x'}${a.slice(3)}`;
    specs.push(
      { type: 'term', ratio: a, lunr: a },
      { type: 'two-term', ratio: `${a} ${b}`, lunr: `${a} ${b}` },
      { type: 'phrase', ratio: `"${phrase}"`, lunr: null },
      { type: 'prefix', ratio: `${a.slice(0, 4)}*`, lunr: `${a.slice(0, 4)}*` },
      { type: 'fuzzy~1', ratio: `${typo}~1`, lunr: `${typo}~1` },
      // A bare ~ (two edits from six letters on) and a misspelt word as typed, which asks for "Did you mean".
      { type: 'fuzzy~ (by length)', ratio: `${typo}~`, lunr: null },
      { type: 'typo + suggestion', ratio: typo, lunr: null },
      // A pasted text: some entry's whole body, 300 words.
      { type: 'pasted 300 words', ratio: snapshot(Math.floor(r() * N)).snap.body, lunr: null },
      { type: 'field', ratio: `title:${a}`, lunr: `title:${a}` },
      // A body: clause is its word's impact tokens less the other fields'; with a thesaurus `a` is a concept there.
      { type: 'word + body:', ratio: `${a} body:${b}`, lunr: null },
      { type: 'filtered+facets', ratio: a, filters: { kind: ['method'], tagIds: [tagId] }, lunr: null },
    );
    if (ZH_SHARE > 0) {
      // Two words run together as they are typed (瓦斯抽放), from the less common part of the list.
      const zhWord = (): string => ZH_WORDS[20 + Math.floor(r() * (ZH_WORDS.length - 20))] as string;
      // Each lone word once, as for the other types (the list has room for 60 queries and the warm-up).
      let first = zhWord();
      for (let tries = 0; drawn.has(first) && tries < 1000; tries += 1) first = zhWord();
      drawn.add(first);
      specs.push({ type: 'zh word', ratio: first, lunr: null }, { type: 'zh two words', ratio: `${first}${zhWord()}`, lunr: null });
    }
  }
  return specs;
}

/** A synthetic thesaurus over the query words (words[20…]), created once per catalogue. */
function addThesaurus(catalogue: Catalogue, count: number): void {
  const concepts = catalogue.concepts;
  if (!concepts || concepts.count() >= count) return;
  const cyrillic = 'абвгдежзиклмнопрстуфхцчшщэюя';
  const han = '织机纺纱染整煤矿通风支护焊接铸造淬火切削钢铁布料机械工具设备方法';
  const r = rng(99);
  const pick = (alphabet: string, n: number): string => Array.from({ length: n }, () => alphabet.charAt(Math.floor(r() * alphabet.length))).join('');
  catalogue.db.transaction(() => {
    let previous: string | null = null;
    for (let i = 0; i < count; i += 1) {
      const id: string = concepts.create({
        labels: [
          { lang: 'en', kind: 'pref', text: words[20 + (i % (words.length - 20))] as string },
          { lang: 'ru', kind: 'pref', text: `${pick(cyrillic, 6)} ${pick(cyrillic, 7)}` },
          { lang: 'zh-Hans', kind: 'pref', text: pick(han, 3) },
          { lang: 'en', kind: 'alt', text: `${words[30 + ((i * 7) % 5000)] as string} ${words[40 + ((i * 13) % 5000)] as string}` },
        ],
        broader: previous !== null && i % 5 !== 0 ? [previous] : [],
      });
      previous = i % 5 === 0 ? id : previous;
    }
  })();
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const ms = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(1));

interface IndexCost {
  generated: { seconds: number } | null;
  reindex: { entries: number; seconds: number } | null;
  raw: RawBuild;
  tables: TableBytes[];
  text: TextBytes;
  dbFile: number;
  walFile: number;
  freeBytes: number;
  /** The bytes once the re-index has written every entry as this version indexes them (free pages are the old postings'). */
  fileAfterReindex: { db: number; wal: number; tables: TableBytes[]; freeBytes: number } | null;
  compacted: { bytes: number; seconds: number } | null;
}

/** Progress on stderr, as generation prints it, only where a stage runs long enough to want it. */
function progressTo(label: string): ((done: number, total: number) => void) | undefined {
  return N >= 50_000 ? (done, total) => process.stderr.write(`\r${label} ${done}/${total}`) : undefined;
}

/**
 * The catalogue's bytes as generation (or an earlier run) left them, then the raw FTS5 build
 * of the same text and, under --reindex, the app's re-index, all in this run so the rates compare.
 */
function indexCost(catalogue: Catalogue, generated: { seconds: number } | null): IndexCost {
  const db = catalogue.db;
  const file = path.join(DIR, 'catalogue.sqlite');
  const tables = tableBytes(db);
  const text = textBytes(catalogue);
  const freeBytes = (db.pragma('freelist_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  const dbFile = fileSize(file);
  const walFile = fileSize(`${file}-wal`);
  const raw = rawFts5Build(catalogue, DIR, progressTo('raw FTS5'));
  if (N >= 50_000) process.stderr.write('\n');
  let reindex: IndexCost['reindex'] = null;
  let fileAfterReindex: IndexCost['fileAfterReindex'] = null;
  if (REINDEX) {
    const indexer = catalogue.searchIndexer;
    if (!indexer) throw new Error('This catalogue has no search indexer to re-index with.');
    const t0 = performance.now();
    const entries = indexer.reindexAll(progressTo('re-indexed'));
    reindex = { entries, seconds: (performance.now() - t0) / 1000 };
    if (N >= 50_000) process.stderr.write('\n');
    const freeAfter = (db.pragma('freelist_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
    fileAfterReindex = { db: fileSize(file), wal: fileSize(`${file}-wal`), tables: tableBytes(db), freeBytes: freeAfter };
  }
  let compacted: IndexCost['compacted'] = null;
  if (COMPACT) {
    const t0 = performance.now();
    compactCatalogue(db);
    compacted = { bytes: fileSize(file) + fileSize(`${file}-wal`), seconds: (performance.now() - t0) / 1000 };
  }
  return { generated, reindex, raw, tables, text, dbFile, walFile, freeBytes, fileAfterReindex, compacted };
}

/** MB to one decimal, KB below 1 MB, so a small run's parts do not all read 0.0. */
const mb1 = (bytes: number): string => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
const rate = (entries: number, seconds: number): string => Math.round(entries / seconds).toLocaleString('en');
const SEARCH_TABLE = (t: TableBytes): boolean => t.owner.startsWith('search_');

function printIndexCost(cost: IndexCost): void {
  const { generated, reindex, raw, tables: generatedTables, text } = cost;
  const rawRate = raw.entries / raw.seconds;
  console.log('\n### Build rates (same run, same entries)\n');
  console.log('| build | entries | seconds | entries/s | × raw FTS5 |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  console.log(
    generated
      ? `| indexing through the app (generation: EntryRepository.write with the index hook, then optimize) | ${N.toLocaleString('en')} | ${generated.seconds.toFixed(1)} | ${rate(N, generated.seconds)} | ${(N / generated.seconds / rawRate).toFixed(2)} |`
      : '| indexing through the app (generation) | — | — | reused an existing catalogue | — |',
  );
  console.log(
    reindex
      ? `| re-index: searchIndexer.reindexAll() | ${reindex.entries.toLocaleString('en')} | ${reindex.seconds.toFixed(1)} | ${rate(reindex.entries, reindex.seconds)} | ${(reindex.entries / reindex.seconds / rawRate).toFixed(2)} |`
      : '| re-index: searchIndexer.reindexAll() | — | — | not run (`--reindex` to run it) | — |',
  );
  console.log(
    `| raw FTS5: fts5(title, summary, body, tags, authors), unicode61, content stored, transactions of 2,000, then optimize | ${raw.entries.toLocaleString('en')} | ${raw.seconds.toFixed(1)} | ${rate(raw.entries, raw.seconds)} | 1.00 |`,
  );
  console.log(
    `\n(raw FTS5: reading the texts back from the catalogue ${raw.readSeconds.toFixed(1)} s, inserts ${raw.insertSeconds.toFixed(1)} s, optimize and checkpoint ${raw.optimizeSeconds.toFixed(1)} s; ` +
      `a fresh database in the catalogue's folder with its journal settings, WAL and synchronous = NORMAL, deleted afterwards)`,
  );

  const after = cost.fileAfterReindex;
  const tables = after?.tables ?? generatedTables;
  const pages = tables.reduce((s, t) => s + t.bytes, 0);
  const top = tables.slice(0, 15);
  const rest = tables.slice(15);
  console.log(`\n### Bytes per table and index (dbstat; an FTS5 table with its shadow tables), ${after ? 'after the re-index' : 'as generation left them'}\n`);
  console.log('| table or index | of table | MB | share of pages | search table |');
  console.log('| --- | --- | ---: | ---: | :---: |');
  for (const t of top) {
    const label = t.kind === 'fts5' ? `${t.name} (FTS5)` : t.name;
    console.log(
      `| ${label} | ${t.kind === 'index' ? t.owner : ''} | ${(t.bytes / 1024 / 1024).toFixed(1)} | ${((100 * t.bytes) / pages).toFixed(1)} % | ${SEARCH_TABLE(t) ? 'yes' : ''} |`,
    );
  }
  if (rest.length > 0) {
    const other = rest.reduce((s, t) => s + t.bytes, 0);
    const otherSearch = rest.filter(SEARCH_TABLE).reduce((s, t) => s + t.bytes, 0);
    console.log(
      `| other (${rest.length} tables and indexes) | | ${(other / 1024 / 1024).toFixed(1)} | ${((100 * other) / pages).toFixed(1)} % | ${otherSearch > 0 ? `${mb1(otherSearch)} of it` : ''} |`,
    );
  }
  const searchOf = (list: readonly TableBytes[]): number => list.filter(SEARCH_TABLE).reduce((s, t) => s + t.bytes, 0);
  const search = searchOf(tables);
  const free = after?.freeBytes ?? cost.freeBytes;
  const whole = after ? after.db + after.wal : cost.dbFile + cost.walFile;
  const attached = text.attachments === null ? 'no attachment_text_pages table' : `attachment text ${mb1(text.attachments)}`;
  console.log('');
  console.log(`- pages in tables and indexes: ${mb1(pages)}; free pages: ${mb1(free)} (kept by SQLite for later writes; VACUUM returns them)`);
  console.log(`- whole file: ${mb1(whole)}; in use (without free pages) ${mb1(whole - free)}`);
  console.log(
    `- text indexed: ${mb1(text.total)} (UTF-8 as stored: title + summary + body + registration ${mb1(text.fields)}, ` +
      `tag paths once per entry ${mb1(text.tags)}, authors ${mb1(text.authors)}, classification codes ${mb1(text.classification)}, ` +
      `enterprise names ${mb1(text.enterprise)}, ${attached}; file names not counted)`,
  );
  console.log(
    `- search tables / text: ${(search / text.total).toFixed(2)} (target ≤ 1.3): ${mb1(search)}, every table whose name starts with search_ with its FTS5 shadow tables and its indexes`,
  );
  console.log(`- whole file / text: ${(whole / text.total).toFixed(2)}, in use / text: ${((whole - free) / text.total).toFixed(2)} (target ≤ 3)`);
  if (cost.compacted) {
    console.log(
      `- compacted (ratio compact, ${cost.compacted.seconds.toFixed(1)} s): whole file ${mb1(cost.compacted.bytes)}, ${(cost.compacted.bytes / text.total).toFixed(2)}× text (target ≤ 3)`,
    );
  }
  if (after) {
    const before = cost.dbFile + cost.walFile;
    console.log(
      `- as generation left them (before the re-index): search tables ${mb1(searchOf(generatedTables))} (${(searchOf(generatedTables) / text.total).toFixed(2)}× text), whole file ${mb1(before)} (${(before / text.total).toFixed(2)}×)`,
    );
  }
  console.log(
    `- raw FTS5 of the same entries: ${mb1(raw.ftsBytes)} in its tables, file ${mb1(raw.fileBytes)}, for ${mb1(raw.textBytes)} of its five columns' text ` +
      `(${(raw.ftsBytes / raw.textBytes).toFixed(2)}× its text, ${(raw.ftsBytes / text.total).toFixed(2)}× the catalogue's)`,
  );
}

function main(): void {
  const generated = generate();
  const openTimes: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const t0 = performance.now();
    Catalogue.open(DIR, { create: false, actor: 'bench' }).close();
    openTimes.push(performance.now() - t0);
  }
  const catalogue = Catalogue.open(DIR, { create: false, actor: 'bench' });
  try {
    const engine = catalogue.search;
    engine.ensureCurrent();
    if (CONCEPTS > 0) addThesaurus(catalogue, CONCEPTS);
    const all = querySet(catalogue, 42, QUERIES + 2);
    const perSet = ZH_SHARE > 0 ? 12 : 10;
    const warmUp = all.slice(0, 2 * perSet);
    const specs = all.slice(2 * perSet);
    // The first facet request builds the in-memory facet store once; reported separately.
    const f0 = performance.now();
    engine.search({ query: warmUp[0]?.ratio ?? 'x', filters: {}, sort: 'relevance', limit: 10, facets: true });
    const firstFacetSearch = performance.now() - f0;
    const facetBuild = engine.facetStoreStats.lastBuildMs;
    const t0 = performance.now();
    engine.compile('zzzz~1');
    const vocabularyBuild = performance.now() - t0;

    const raw = catalogue.db.prepare(`SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY bm25(search_index, ${BM25_WEIGHTS}) LIMIT 10`);
    const times = new Map<string, { ratio: number[]; raw: number[]; lunr: number[]; total: number[]; expanded: number[] }>();
    const slot = (type: string) => {
      let s = times.get(type);
      if (!s) {
        s = { ratio: [], raw: [], lunr: [], total: [], expanded: [] };
        times.set(type, s);
      }
      return s;
    };
    let runs = 0;
    const run = (spec: QuerySpec, record: boolean): void => {
      const options = { query: spec.ratio, filters: spec.filters ?? {}, sort: 'relevance', limit: 10, facets: true, rerank: RERANK } as const;
      // With a thesaurus each query is timed with expansion and without, each worked out anew
      // (a query the thesaurus leaves alone compiles the same both ways, and the second would be
      // the engine's remembered answer), in turns first and second, so neither has the warmer cache.
      const withFirst = CONCEPTS > 0 && runs % 2 === 1;
      runs += 1;
      const expanded = (): void => {
        engine.forgetAnswers();
        const e0 = performance.now();
        engine.search({ ...options, expand: true });
        if (record) slot(spec.type).expanded.push(performance.now() - e0);
      };
      if (withFirst) expanded();
      engine.forgetAnswers();
      const a = performance.now();
      const result = engine.search({ ...options, expand: CONCEPTS === 0 });
      const b = performance.now();
      if (CONCEPTS > 0 && !withFirst) expanded();
      const match = engine.compile(spec.ratio).match;
      const c = performance.now();
      if (match !== null) raw.all(match);
      const d = performance.now();
      if (record) {
        const s = slot(spec.type);
        s.ratio.push(b - a);
        s.raw.push(d - c);
        s.total.push(result.total);
      }
    };
    for (const spec of warmUp) run(spec, false); // warm the page cache
    for (const spec of specs) run(spec, true);

    let lunrBuild: number | null = null;
    let lunrRss: number | null = null;
    if (N <= LUNR_LIMIT) {
      const t1 = performance.now();
      const idx = lunr(function build() {
        this.ref('id');
        this.field('title', { boost: 6 });
        this.field('summary', { boost: 2 });
        this.field('body');
        for (let i = 0; i < N; i += 1) {
          const { snap } = snapshot(i);
          this.add({ id: String(i), title: snap.title, summary: snap.summary, body: snap.body });
        }
      });
      lunrBuild = (performance.now() - t1) / 1000;
      lunrRss = process.memoryUsage().rss;
      for (const spec of specs) {
        if (spec.lunr === null) continue;
        const a = performance.now();
        idx.search(spec.lunr);
        slot(spec.type).lunr.push(performance.now() - a);
      }
    }

    const rss = lunrRss ?? process.memoryUsage().rss;
    const cost = indexCost(catalogue, generated);
    console.log(`\n## Search benchmark: ${N.toLocaleString('en')} entries (${QUERIES} queries per type${RERANK ? '' : ', re-ranking off'})\n`);
    console.log('| query | median matches | Ratio p50 | Ratio p95 | raw FTS5 p50 | raw FTS5 p95 | Ratio/raw p95 | lunr p50 | lunr p95 |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const [type, s] of times) {
      const ratio95 = percentile(s.ratio, 95);
      const raw95 = percentile(s.raw, 95);
      console.log(
        `| ${type} | ${percentile(s.total, 50)} | ${ms(percentile(s.ratio, 50))} | ${ms(ratio95)} | ${ms(percentile(s.raw, 50))} | ${ms(raw95)} | ${(ratio95 / raw95).toFixed(2)} | ${s.lunr.length ? ms(percentile(s.lunr, 50)) : '—'} | ${s.lunr.length ? ms(percentile(s.lunr, 95)) : '—'} |`,
      );
    }
    if (CONCEPTS > 0) {
      console.log(`\n### With a thesaurus of ${CONCEPTS.toLocaleString('en')} concepts: Ratio p95 with expansion against without\n`);
      console.log('| query | p50 without | p95 without | p50 with | p95 with | with/without p95 |');
      console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
      for (const [type, s] of times) {
        const off95 = percentile(s.ratio, 95);
        const on95 = percentile(s.expanded, 95);
        console.log(
          `| ${type} | ${ms(percentile(s.ratio, 50))} | ${ms(off95)} | ${ms(percentile(s.expanded, 50))} | ${ms(on95)} | ${(on95 / off95).toFixed(2)} |`,
        );
      }
    }
    console.log('\n(times in ms; Ratio = one page of 10 with snippets and all facets; raw FTS5 = the same compiled MATCH, top 10 by bm25, ids only)\n');
    const words = catalogue.db.prepare('SELECT count(*) FROM search_words').pluck().get() as number | undefined;
    if (words !== undefined) console.log(`- surface vocabulary: ${words.toLocaleString('en')} words`);
    console.log(`- RSS after queries: ${mb(rss)}${lunrRss ? ' (including the lunr index)' : ''}`);
    console.log(`- catalogue open time: median ${ms(percentile(openTimes, 50))} ms (5 opens)`);
    console.log(`- facet store build (first facet request only): ${ms(facetBuild)} ms (that first search took ${ms(firstFacetSearch)} ms)`);
    console.log(`- fuzzy vocabulary build (first fuzzy/wildcard query only): ${ms(vocabularyBuild)} ms`);
    if (lunrBuild !== null) console.log(`- lunr build: ${lunrBuild.toFixed(1)} s`);
    else console.log(`- lunr: not built above ${LUNR_LIMIT.toLocaleString('en')} entries`);
    printIndexCost(cost);
  } finally {
    catalogue.close();
  }
}

// Run as a script; another bench may import querySet() without running this one.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
