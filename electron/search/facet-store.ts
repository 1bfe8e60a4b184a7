import type { Database } from 'better-sqlite3';
import { TAG_PATH_SEPARATOR } from '../../shared/domain.js';
import type { FacetCount, SearchFacets, TagFacetCount } from '../../shared/schemas/search.js';
import { SECTION_TITLES } from './facets.js';
import { SECTIONS, type SearchIndexer } from './indexer.js';
import { parseIds, rowidList } from './rowid-lists.js';

const MAX_VALUES = 50;
const MAX_TAG_FACETS = 30;
/** Past this many documents written since the last refresh, rebuilding beats re-reading them one by one. */
const DIRTY_LIMIT = 5_000;

/** Strings of one facet interned to small integers (0 = none). */
class Dictionary {
  readonly values: (string | null)[] = [null];
  private readonly ids = new Map<string, number>();

  id(value: string | null): number {
    if (value === null) return 0;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
}

interface DocRow {
  docid: number;
  kind: string;
  status: string;
  language: string;
  enterprise_id: string | null;
  year: number;
  sections: number;
  has_attachments: number;
}

/** A build in progress: the store's arrays fill as slices are read; tags are gathered per tag, then laid out per document. */
interface Build {
  size: number;
  perDoc: Uint32Array<ArrayBuffer>;
  lists: { tag: number; docs: Int32Array }[];
  pairs: number;
  started: number;
  /** Documents written since the build started (only a build in slices can see any). */
  written: Set<number>;
}

/** Documents read per slice of a build that lets other requests run between slices (about 40 ms each here). */
const PREPARE_SLICE = 10_000;

/** The filters the store can decide by itself, per document (others need the database). */
export interface StoreFilters {
  kind?: readonly string[] | undefined;
  status?: readonly string[] | undefined;
  language?: readonly string[] | undefined;
  tagIds?: readonly string[] | undefined;
  enterpriseId?: string | undefined;
  yearFrom?: number | undefined;
  yearTo?: number | undefined;
  hasAttachments?: boolean | undefined;
}

const EMPTY_TAGS = new Uint32Array(0);

/** The facets a filter belongs to, as the bit a facet collector notes for a document that fails only that filter. */
const FACET = { kind: 1, status: 2, language: 3, enterprise: 4, year: 5, tag: 6, section: 7 } as const;

export interface FacetLabels {
  tag: (id: string) => string;
  enterprise: (id: string) => string;
}

/** What facetCollector() gives: a per-document filter for a ranking pass, then the counts of what it saw. */
export interface FacetCollector {
  test: (docid: number) => boolean;
  /** How many documents test() kept. */
  passed: () => number;
  count: (label: FacetLabels) => SearchFacets;
}

/**
 * The tag facet as a tree: the MAX_TAG_FACETS tags with most entries (counts include the
 * tags below, as documents carry their tags' ancestors), each listed under its parent,
 * siblings by count. A tag never has more entries than its parent, and ties go to the
 * shallower tag, so the parent of every tag listed is listed too.
 */
function tagTree(counts: Uint32Array, ids: readonly (string | null)[], pathOf: (id: string) => string): TagFacetCount[] {
  const all: { path: string; count: number; depth: number }[] = [];
  for (let i = 1; i < counts.length; i += 1) {
    const count = counts[i] as number;
    const path = count > 0 ? pathOf(ids[i] as string) : '';
    if (path !== '') all.push({ path, count, depth: path.split(TAG_PATH_SEPARATOR).length - 1 });
  }
  all.sort((a, b) => b.count - a.count || a.depth - b.depth || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const chosen = all.slice(0, MAX_TAG_FACETS);
  const children = new Map<string | null, typeof chosen>();
  const listed = new Set(chosen.map((t) => t.path));
  for (const t of chosen) {
    const cut = t.path.lastIndexOf(TAG_PATH_SEPARATOR);
    const parent = cut < 0 ? null : t.path.slice(0, cut);
    const key = parent !== null && listed.has(parent) ? parent : null;
    const list = children.get(key) ?? [];
    list.push(t);
    children.set(key, list);
  }
  const out: TagFacetCount[] = [];
  const walk = (parent: string | null): void => {
    for (const t of children.get(parent) ?? []) {
      const cut = t.path.lastIndexOf(TAG_PATH_SEPARATOR);
      out.push({ key: t.path, label: t.path, count: t.count, parent: cut < 0 ? null : t.path.slice(0, cut), depth: t.depth });
      walk(t.path);
    }
  };
  walk(null);
  return out;
}

/** One count per value of each facet (indexed by dictionary id, or section bit), and the range of years counted. */
interface Tally {
  kind: Uint32Array;
  status: Uint32Array;
  language: Uint32Array;
  enterprise: Uint32Array;
  tag: Uint32Array;
  section: Uint32Array;
  firstYear: number;
  lastYear: number;
}

function bump(counts: Uint32Array, index: number): void {
  counts[index] = (counts[index] as number) + 1;
}

/**
 * Every indexed document's facet values in typed arrays keyed by the FTS5 rowid, so the
 * facet counts of a result are one pass over its rowids in JavaScript (microseconds per
 * thousand matches) instead of a join and GROUP BY over every match inside SQLite.
 *
 * Built lazily on the first facet request (opening a catalogue costs nothing more), then
 * kept current: the indexer reports each document it writes or removes and those are
 * re-read from the database before the next count — re-read rather than taken from the
 * indexer's arguments, so a rolled-back transaction leaves nothing wrong behind (inside an
 * open transaction they are re-read and stay marked until it is over). A commit by another
 * connection changes PRAGMA data_version and the store is dropped and built again.
 * Labels (tag paths, enterprise names) are not stored: they are looked up for the few
 * values shown, so renames show at once.
 */
export class FacetStore {
  private built = false;
  private dataVersion = -1;
  private readonly dirty = new Set<number>();
  private present = new Uint8Array(0);
  private kind = new Uint8Array(0);
  private status = new Uint8Array(0);
  private language = new Uint16Array(0);
  private enterprise = new Uint32Array(0);
  private year = new Uint16Array(0);
  /** count()'s year counters, all zero between calls (takeYears clears what it read). */
  private readonly yearCounts = new Uint32Array(65_536);
  private sections = new Uint8Array(0);
  private attachments = new Uint8Array(0);
  /** Each document's tag ids (with ancestors) as one compressed list: values[offsets[d] … offsets[d + 1]). */
  private tagOffsets = new Uint32Array(1);
  private tagValues = new Uint32Array(0);
  /** Documents written since the build: their tag lists replace the compressed ones. */
  private readonly tagOverrides = new Map<number, Uint32Array>();
  private kinds = new Dictionary();
  private statuses = new Dictionary();
  private languages = new Dictionary();
  private enterprises = new Dictionary();
  private tagIds = new Dictionary();
  /** A build going on in slices, and the documents written since it started. */
  private building: Build | null = null;
  private preparing: Promise<void> | null = null;
  /** complementOf()'s buffer, kept between counts (a million entries at most). */
  private others = new Int32Array(0);
  /** Every present document's counts, kept until the store changes (see count()). */
  private whole: { tally: Tally; years: Uint32Array } | null = null;
  /** Milliseconds the last full build took (reported by the benchmark). */
  lastBuildMs = 0;
  builds = 0;

  constructor(
    private readonly db: Database,
    indexer: SearchIndexer,
  ) {
    indexer.onDocs((docid) => {
      if (this.building) {
        // A document written between two slices may sit in a slice already read.
        if (docid === null) this.invalidate();
        else this.building.written.add(docid);
        return;
      }
      if (!this.built) return;
      if (docid === null) this.invalidate();
      else this.dirty.add(docid);
    });
  }

  invalidate(): void {
    this.whole = null;
    this.built = false;
    this.building = null;
    this.dirty.clear();
  }

  private grow(size: number): void {
    if (size <= this.present.length) return;
    const capacity = Math.max(size, Math.ceil(this.present.length * 1.5), 1024);
    const copy = <T extends Uint8Array | Uint16Array | Uint32Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.present = copy(this.present, (n) => new Uint8Array(n));
    this.kind = copy(this.kind, (n) => new Uint8Array(n));
    this.status = copy(this.status, (n) => new Uint8Array(n));
    this.language = copy(this.language, (n) => new Uint16Array(n));
    this.enterprise = copy(this.enterprise, (n) => new Uint32Array(n));
    this.year = copy(this.year, (n) => new Uint16Array(n));
    this.sections = copy(this.sections, (n) => new Uint8Array(n));
    this.attachments = copy(this.attachments, (n) => new Uint8Array(n));
  }

  private setDoc(row: DocRow): void {
    this.whole = null;
    this.grow(row.docid + 1);
    const d = row.docid;
    this.present[d] = 1;
    this.kind[d] = this.kinds.id(row.kind);
    this.status[d] = this.statuses.id(row.status);
    this.language[d] = this.languages.id(row.language);
    this.enterprise[d] = this.enterprises.id(row.enterprise_id);
    this.year[d] = row.year > 0 && row.year < 65_536 ? row.year : 0;
    this.sections[d] = row.sections & 0xff;
    this.attachments[d] = row.has_attachments ? 1 : 0;
  }

  private clearDoc(docid: number): void {
    this.whole = null;
    if (docid < this.present.length) this.present[docid] = 0;
    this.tagOverrides.set(docid, EMPTY_TAGS);
  }

  /** Reads the documents with docids lo…hi (inclusive) into a build: their columns, and their tags as lists per tag. */
  private readSlice(build: Build, lo: number, hi: number): void {
    // Each column as one comma-separated string (all aggregates of a query see the rows in the
    // same order): eight strings cross into JavaScript instead of eight values per document,
    // about half the time at 100,000. No column can hold a comma: enumerations, numbers and UUIDs.
    const columns = this.db
      .prepare(
        `SELECT group_concat(docid), group_concat(kind), group_concat(status), group_concat(language),
                group_concat(ifnull(enterprise_id, '')), group_concat(year), group_concat(sections), group_concat(has_attachments)
         FROM search_docs WHERE docid BETWEEN ? AND ?`,
      )
      .raw(true)
      .get(lo, hi) as (string | null)[];
    const [docids, kinds, statuses, languages, enterprises, years, sections, attachments] = columns.map((c) => (c === null ? [] : c.split(',')));
    (docids ?? []).forEach((id, i) => {
      this.setDoc({
        docid: Number(id),
        kind: kinds?.[i] ?? '',
        status: statuses?.[i] ?? '',
        language: languages?.[i] ?? '',
        enterprise_id: enterprises?.[i] || null,
        year: Number(years?.[i]),
        sections: Number(sections?.[i]),
        has_attachments: Number(attachments?.[i]),
      });
    });
    // Tags as one row per tag with its documents concatenated (far fewer rows to cross into
    // JavaScript than one per pair), turned into a compressed per-document list at the end.
    const perTag = this.db
      .prepare(
        `SELECT n.tag_id, ${rowidList('t.docid')} FROM search_doc_tags t JOIN search_tag_numbers n ON n.num = t.tag WHERE t.docid BETWEEN ? AND ? GROUP BY t.tag`,
      )
      .raw(true);
    for (const [tagId, list] of perTag.all(lo, hi) as [string, Uint8Array][]) {
      const docs = parseIds(list);
      build.lists.push({ tag: this.tagIds.id(tagId), docs });
      for (const d of docs) if (d < build.size) build.perDoc[d + 1] = (build.perDoc[d + 1] as number) + 1;
      build.pairs += docs.length;
    }
    perTag.raw(false);
  }

  /** Empties the store and sizes it for the documents there are now; the slices are read next. */
  private startBuild(): Build {
    this.built = false;
    this.kinds = new Dictionary();
    this.statuses = new Dictionary();
    this.languages = new Dictionary();
    this.enterprises = new Dictionary();
    this.tagIds = new Dictionary();
    const size = ((this.db.prepare('SELECT max(docid) FROM search_docs').pluck().get() as number | null) ?? 0) + 1;
    this.present = new Uint8Array(size);
    this.kind = new Uint8Array(size);
    this.status = new Uint8Array(size);
    this.language = new Uint16Array(size);
    this.enterprise = new Uint32Array(size);
    this.year = new Uint16Array(size);
    this.sections = new Uint8Array(size);
    this.attachments = new Uint8Array(size);
    this.tagOverrides.clear();
    this.dirty.clear();
    return { size, perDoc: new Uint32Array(size + 1), lists: [], pairs: 0, started: performance.now(), written: new Set() };
  }

  private finishBuild(build: Build): void {
    const { size, perDoc } = build;
    for (let d = 0; d < size; d += 1) perDoc[d + 1] = (perDoc[d + 1] as number) + (perDoc[d] as number);
    const fill = perDoc.slice(0, size);
    const values = new Uint32Array(build.pairs);
    for (const { tag, docs } of build.lists) {
      for (const d of docs) {
        if (d >= size) continue;
        values[fill[d] as number] = tag;
        fill[d] = (fill[d] as number) + 1;
      }
    }
    this.tagOffsets = perDoc;
    this.tagValues = values;
    this.whole = null;
    this.built = true;
    this.builds += 1;
    this.lastBuildMs = performance.now() - build.started;
  }

  private build(): void {
    this.building = null;
    const build = this.startBuild();
    this.readSlice(build, 0, build.size);
    this.finishBuild(build);
  }

  /**
   * Builds the store (when it is not built) in slices of `slice` documents, letting the event
   * loop run between them: the core answers requests that do not need the store (the library's
   * first page of hits) while it is built, instead of after the whole build (0.6 s at 100,000
   * entries, several seconds at a million). Documents written meanwhile are marked and re-read;
   * a synchronous build or a write by another connection in between makes this one give way.
   */
  async prepare(slice = PREPARE_SLICE): Promise<void> {
    this.checkVersion();
    if (this.built) return;
    this.preparing ??= this.buildInSlices(slice).finally(() => {
      this.preparing = null;
    });
    await this.preparing;
  }

  private async buildInSlices(slice: number): Promise<void> {
    const build = this.startBuild();
    this.building = build;
    for (let lo = 0; lo < build.size; lo += slice) {
      if (lo > 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        this.checkVersion();
        // Replaced by a synchronous build, or dropped by a write elsewhere: that one stands.
        if (this.building !== build) return;
      }
      this.readSlice(build, lo, Math.min(lo + slice - 1, build.size));
    }
    this.building = null;
    const written = [...build.written];
    this.finishBuild(build);
    for (const docid of written) this.dirty.add(docid);
  }

  private refresh(docids: readonly number[]): void {
    const ids = JSON.stringify(docids);
    for (const docid of docids) this.clearDoc(docid);
    const docs = this.db.prepare(
      'SELECT docid, kind, status, language, enterprise_id, year, sections, has_attachments FROM search_docs WHERE docid IN (SELECT value FROM json_each(?))',
    );
    for (const row of docs.all(ids) as DocRow[]) this.setDoc(row);
    const lists = new Map<number, number[]>();
    const tags = this.db.prepare(
      'SELECT t.docid, n.tag_id FROM search_doc_tags t JOIN search_tag_numbers n ON n.num = t.tag WHERE t.docid IN (SELECT value FROM json_each(?))',
    );
    for (const row of tags.all(ids) as { docid: number; tag_id: string }[]) {
      const list = lists.get(row.docid) ?? [];
      list.push(this.tagIds.id(row.tag_id));
      lists.set(row.docid, list);
    }
    for (const [docid, list] of lists) this.tagOverrides.set(docid, Uint32Array.from(list));
  }

  /** Drops the store when another connection has committed since it was read. */
  private checkVersion(): void {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.dataVersion) {
      this.invalidate();
      this.dataVersion = version;
    }
  }

  /** Brings the store up to date with the database (building it the first time). */
  private current(): void {
    this.checkVersion();
    if (this.built && this.dirty.size > DIRTY_LIMIT) this.invalidate();
    if (!this.built) {
      this.build();
      return;
    }
    if (this.dirty.size === 0) return;
    this.refresh([...this.dirty]);
    // Inside a transaction the writes may still be rolled back: read them again afterwards.
    if (!this.db.inTransaction) this.dirty.clear();
  }

  /** A document's tag ids (with ancestors), from the compressed lists or a later write. */
  private tagsOf(d: number): ArrayLike<number> {
    const list = this.tagOverrides.size > 0 ? this.tagOverrides.get(d) : undefined;
    if (list) return list;
    if (d + 1 >= this.tagOffsets.length) return EMPTY_TAGS;
    return this.tagValues.subarray(this.tagOffsets[d], this.tagOffsets[d + 1]);
  }

  /** Whether the document carries every one of the tags (dictionary ids), read in place: this runs once per match. */
  private hasTags(d: number, tags: readonly number[]): boolean {
    const list = this.tagOverrides.size > 0 ? this.tagOverrides.get(d) : undefined;
    let from = 0;
    let to = 0;
    let values: Uint32Array = this.tagValues;
    if (list) {
      values = list;
      to = list.length;
    } else if (d + 1 < this.tagOffsets.length) {
      from = this.tagOffsets[d] as number;
      to = this.tagOffsets[d + 1] as number;
    }
    for (const tag of tags) {
      if (tag <= 0) return false;
      let found = false;
      for (let i = from; i < to; i += 1) {
        if (values[i] === tag) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }

  /** A per-document test of the filters, true for the documents they keep (the store is brought up to date first). */
  matcher(filters: StoreFilters): (docid: number) => boolean {
    this.current();
    const idsOf = (dict: Dictionary, values: readonly string[] | undefined): Set<number> | null =>
      values && values.length > 0 ? new Set(values.map((v) => dict.values.indexOf(v)).filter((id) => id > 0)) : null;
    const kinds = idsOf(this.kinds, filters.kind);
    const statuses = idsOf(this.statuses, filters.status);
    const languages = idsOf(this.languages, filters.language);
    const tags = (filters.tagIds ?? []).map((id) => this.tagIds.values.indexOf(id));
    const enterprise = filters.enterpriseId === undefined ? null : this.enterprises.values.indexOf(filters.enterpriseId);
    const { yearFrom, yearTo, hasAttachments } = filters;
    return (d) => {
      if (this.present[d] !== 1) return false;
      if (kinds && !kinds.has(this.kind[d] as number)) return false;
      if (statuses && !statuses.has(this.status[d] as number)) return false;
      if (languages && !languages.has(this.language[d] as number)) return false;
      if (enterprise !== null && (enterprise <= 0 || this.enterprise[d] !== enterprise)) return false;
      const year = this.year[d] as number;
      if (yearFrom !== undefined && year < yearFrom) return false;
      if (yearTo !== undefined && year > yearTo) return false;
      if (hasAttachments !== undefined && (this.attachments[d] === 1) !== hasAttachments) return false;
      if (tags.length > 0) {
        const own = this.tagsOf(d);
        for (const tag of tags) {
          if (tag <= 0 || !Array.prototype.includes.call(own, tag)) return false;
        }
      }
      return true;
    };
  }

  /**
   * The counted years, newest first (at most MAX_VALUES), leaving every counter zero again;
   * with `from`, the years are `from`'s counts less these.
   */
  private takeYears(first: number, last: number, from: Uint32Array | null = null): FacetCount[] {
    const out: FacetCount[] = [];
    for (let y = last; y >= first; y -= 1) {
      const counted = this.yearCounts[y] as number;
      this.yearCounts[y] = 0;
      const count = from === null ? counted : (from[y] as number) - counted;
      if (count > 0 && out.length < MAX_VALUES) out.push({ key: String(y), label: String(y), count });
    }
    return out;
  }

  /**
   * Counts each facet value over the documents (the years into yearCounts, to be taken next).
   * Written out over the arrays: it runs once per match, a million times for a common prefix.
   */
  private tally(docids: ArrayLike<number>, failed: Uint8Array | null = null): Tally {
    const kind = new Uint32Array(this.kinds.values.length);
    const status = new Uint32Array(this.statuses.values.length);
    const language = new Uint32Array(this.languages.values.length);
    const enterprise = new Uint32Array(this.enterprises.values.length);
    const tag = new Uint32Array(this.tagIds.values.length);
    // Years are stored as 16-bit values: one counter per possible year beats a Map per match.
    const year = this.yearCounts;
    let firstYear = 65_536;
    let lastYear = 0;
    const section = new Uint32Array(SECTIONS.length);
    const { present, tagOffsets, tagValues, tagOverrides } = this;
    const overridden = tagOverrides.size > 0;
    const indexed = tagOffsets.length - 1;
    if (failed !== null) return this.tallyDisjunctive(docids, failed, { kind, status, language, enterprise, tag, section });
    for (let i = 0; i < docids.length; i += 1) {
      const d = docids[i] as number;
      if (present[d] !== 1) continue;
      bump(kind, this.kind[d] as number);
      bump(status, this.status[d] as number);
      bump(language, this.language[d] as number);
      bump(enterprise, this.enterprise[d] as number);
      const y = this.year[d] as number;
      if (y > 0) {
        year[y] = (year[y] as number) + 1;
        if (y < firstYear) firstYear = y;
        if (y > lastYear) lastYear = y;
      }
      let mask = this.sections[d] as number;
      for (let bit = 0; mask !== 0; bit += 1, mask >>= 1) if (mask & 1) bump(section, bit);
      const list = overridden ? tagOverrides.get(d) : undefined;
      if (list) {
        for (let t = 0; t < list.length; t += 1) bump(tag, list[t] as number);
      } else if (d < indexed) {
        for (let t = tagOffsets[d] as number, end = tagOffsets[d + 1] as number; t < end; t += 1) bump(tag, tagValues[t] as number);
      }
    }
    return { kind, status, language, enterprise, tag, section, firstYear, lastYear };
  }

  /**
   * tally() for a facet collector's documents: each counts for every facet when it failed
   * no facet filter, and only for the one facet whose filter it failed otherwise.
   */
  private tallyDisjunctive(docids: ArrayLike<number>, failed: Uint8Array, counts: Omit<Tally, 'firstYear' | 'lastYear'>): Tally {
    const { kind, status, language, enterprise, tag, section } = counts;
    const year = this.yearCounts;
    let firstYear = 65_536;
    let lastYear = 0;
    const counts_ = (f: number, bit: number): boolean => f === 0 || f === bit;
    for (let i = 0; i < docids.length; i += 1) {
      const d = docids[i] as number;
      const f = failed[i] as number;
      if (counts_(f, FACET.kind)) bump(kind, this.kind[d] as number);
      if (counts_(f, FACET.status)) bump(status, this.status[d] as number);
      if (counts_(f, FACET.language)) bump(language, this.language[d] as number);
      if (counts_(f, FACET.enterprise)) bump(enterprise, this.enterprise[d] as number);
      if (counts_(f, FACET.year)) {
        const y = this.year[d] as number;
        if (y > 0) {
          year[y] = (year[y] as number) + 1;
          if (y < firstYear) firstYear = y;
          if (y > lastYear) lastYear = y;
        }
      }
      if (counts_(f, FACET.section)) {
        let mask = this.sections[d] as number;
        for (let bit = 0; mask !== 0; bit += 1, mask >>= 1) if (mask & 1) bump(section, bit);
      }
      if (counts_(f, FACET.tag)) {
        const list = this.tagsOf(d);
        for (let t = 0; t < list.length; t += 1) bump(tag, list[t] as number);
      }
    }
    return { kind, status, language, enterprise, tag, section, firstYear, lastYear };
  }

  /** Every present document's counts (worked out once until the store changes). */
  private wholeStore(): { tally: Tally; years: Uint32Array } {
    if (this.whole !== null) return this.whole;
    const all = new Int32Array(this.present.length);
    let documents = 0;
    for (let d = 0; d < this.present.length; d += 1) if (this.present[d] === 1) all[documents++] = d;
    const tally = this.tally(all.subarray(0, documents));
    const years = new Uint32Array(65_536);
    for (let y = tally.firstYear; y <= tally.lastYear; y += 1) {
      years[y] = this.yearCounts[y] as number;
      this.yearCounts[y] = 0;
    }
    this.whole = { tally, years };
    return this.whole;
  }

  /**
   * The present documents not among `docids`, when those are most of the store's rowids and
   * in rising order (as the engine hands over a large match), else null. Walking them costs a
   * pass over every rowid, so a smaller match is counted as it is, and the whole store's
   * counts are never worked out for it.
   */
  private complementOf(docids: ArrayLike<number>): Int32Array | null {
    const { present } = this;
    if (docids.length * 2 <= present.length) return null;
    if (this.others.length < present.length) this.others = new Int32Array(present.length);
    const out = this.others;
    let n = 0;
    // One pass: the present documents in each gap between two matches, and the order checked on the way.
    let previous = -1;
    for (let i = 0; i <= docids.length; i += 1) {
      const d = i < docids.length ? (docids[i] as number) : present.length;
      if (d <= previous) return null;
      for (let gap = previous + 1; gap < d; gap += 1) if (present[gap] === 1) out[n++] = gap;
      previous = d;
    }
    return out.subarray(0, n);
  }

  /**
   * Facet counts over the given matching documents (each counted once). When they are most of
   * the store (a common prefix matches nine entries in ten) the few others are counted and
   * taken from the whole store's counts: a tenth of the work.
   */
  count(docids: ArrayLike<number>, label: FacetLabels): SearchFacets {
    this.current();
    const complement = this.complementOf(docids);
    const whole = complement === null ? null : this.wholeStore();
    const own = this.tally(complement ?? docids);
    if (whole !== null) {
      const less = (from: Uint32Array, counted: Uint32Array): void => {
        for (let i = 0; i < counted.length; i += 1) counted[i] = (from[i] ?? 0) - (counted[i] as number);
      };
      less(whole.tally.kind, own.kind);
      less(whole.tally.status, own.status);
      less(whole.tally.language, own.language);
      less(whole.tally.enterprise, own.enterprise);
      less(whole.tally.tag, own.tag);
      less(whole.tally.section, own.section);
    }
    // Read (and cleared) before anything below can throw.
    const years = whole === null ? this.takeYears(own.firstYear, own.lastYear) : this.takeYears(whole.tally.firstYear, whole.tally.lastYear, whole.years);
    return this.facetsOf(own, years, label);
  }

  /**
   * Filters and disjunctive facet counts in one pass over a query's matches (before the
   * facet filters): test() keeps what every filter keeps, as matcher() does, and remembers
   * each match that fails at most one facet's filter; count() then gives every facet's
   * counts as if that facet's own selection were absent (ticking "method" leaves
   * "invention" counted), while the total and the hits still obey every filter.
   * `classification` decides the section facet's filter (the database knows it, not the store).
   */
  facetCollector(filters: StoreFilters, classification: ((docid: number) => boolean) | null = null): FacetCollector {
    this.current();
    // Each filter as a table indexed by dictionary id (1: kept), and the columns as locals:
    // test() runs once per match of the query, thousands of times per search.
    const allowed = (dict: Dictionary, values: readonly string[] | undefined): Uint8Array | null => {
      if (!values || values.length === 0) return null;
      const table = new Uint8Array(dict.values.length + 1);
      for (const v of values) {
        const id = dict.values.indexOf(v);
        if (id > 0) table[id] = 1;
      }
      return table;
    };
    const kinds = allowed(this.kinds, filters.kind);
    const statuses = allowed(this.statuses, filters.status);
    const languages = allowed(this.languages, filters.language);
    const tags = (filters.tagIds ?? []).map((id) => this.tagIds.values.indexOf(id));
    const enterprise = filters.enterpriseId === undefined ? null : this.enterprises.values.indexOf(filters.enterpriseId);
    const { yearFrom, yearTo, hasAttachments } = filters;
    const years = yearFrom !== undefined || yearTo !== undefined;
    const { present, attachments, kind, status, language, year } = this;
    const enterpriseOf = this.enterprise;
    let docs = new Int32Array(1024);
    let failed = new Uint8Array(1024);
    let collected = 0;
    let passed = 0;
    const test = (d: number): boolean => {
      if (present[d] !== 1) return false;
      if (hasAttachments !== undefined && (attachments[d] === 1) !== hasAttachments) return false;
      // Which facet filter the document fails (0: none); a second failure turns it away.
      let facet = 0;
      if (kinds !== null && kinds[kind[d] as number] !== 1) facet = FACET.kind;
      if (statuses !== null && statuses[status[d] as number] !== 1) {
        if (facet !== 0) return false;
        facet = FACET.status;
      }
      if (languages !== null && languages[language[d] as number] !== 1) {
        if (facet !== 0) return false;
        facet = FACET.language;
      }
      if (enterprise !== null && (enterprise <= 0 || enterpriseOf[d] !== enterprise)) {
        if (facet !== 0) return false;
        facet = FACET.enterprise;
      }
      if (years) {
        const y = year[d] as number;
        if ((yearFrom !== undefined && y < yearFrom) || (yearTo !== undefined && y > yearTo)) {
          if (facet !== 0) return false;
          facet = FACET.year;
        }
      }
      if (tags.length > 0 && !this.hasTags(d, tags)) {
        if (facet !== 0) return false;
        facet = FACET.tag;
      }
      if (classification !== null && !classification(d)) {
        if (facet !== 0) return false;
        facet = FACET.section;
      }
      if (collected === docs.length) {
        const moreDocs = new Int32Array(docs.length * 2);
        moreDocs.set(docs);
        docs = moreDocs;
        const moreFailed = new Uint8Array(failed.length * 2);
        moreFailed.set(failed);
        failed = moreFailed;
      }
      docs[collected] = d;
      failed[collected] = facet;
      collected += 1;
      if (facet === 0) passed += 1;
      return facet === 0;
    };
    return {
      test,
      passed: () => passed,
      count: (label) => {
        const tally = this.tally(docs.subarray(0, collected), failed.subarray(0, collected));
        return this.facetsOf(tally, this.takeYears(tally.firstYear, tally.lastYear), label);
      },
    };
  }

  private facetsOf(own: Tally, years: FacetCount[], label: FacetLabels): SearchFacets {
    const { kind, status, language, enterprise, tag, section } = own;
    const locale = (a: string, b: string): number => a.localeCompare(b);
    const listOf = (counts: Uint32Array, dict: Dictionary, tie: (a: string, b: string) => number, max: number): { key: string; count: number }[] => {
      const out: { key: string; count: number }[] = [];
      for (let i = 1; i < counts.length; i += 1) if ((counts[i] as number) > 0) out.push({ key: dict.values[i] as string, count: counts[i] as number });
      out.sort((a, b) => b.count - a.count || tie(a.key, b.key));
      return out.slice(0, max);
    };
    const byCount = (counts: Uint32Array, dict: Dictionary, labelOf: (key: string) => string = (k) => k): FacetCount[] =>
      listOf(counts, dict, locale, MAX_VALUES).map((v) => ({ key: v.key, label: labelOf(v.key), count: v.count }));
    return {
      kind: byCount(kind, this.kinds),
      status: byCount(status, this.statuses),
      tag: tagTree(tag, this.tagIds.values, label.tag),
      enterprise: byCount(enterprise, this.enterprises, label.enterprise),
      section: SECTIONS.map((letter, bit) => ({ key: letter, label: `${letter} — ${SECTION_TITLES[letter]}`, count: section[bit] as number }))
        .filter((s) => s.count > 0)
        .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
      year: years,
      language: byCount(language, this.languages),
    };
  }
}
