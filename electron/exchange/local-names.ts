import { RatioError } from '../../shared/errors.js';
import type { EntrySnapshot } from '../../shared/schemas/entry.js';
import type { Catalogue } from '../app/catalogue.js';
import type { KnownIds } from '../core/repos/entries.js';
import type { TagLookup } from '../core/repos/tag-lookup.js';
import type { Vocabulary } from './read-bundle.js';
import type { EntryRecord } from './records.js';

/** What mapping adds to an import's tally: the tags it created, and one change for each thing it made. */
export interface NamesTally {
  readonly counts: { tagsCreated: string[] };
  changes: number;
}

/**
 * Incoming enterprises and tags as local ones: an enterprise by id, else by name, else
 * created with the producer's id so later bundles find it; a tag by path, else by name or
 * synonym, else created with the producer's synonyms. The vocabulary is read once into
 * memory, so each look-up is a map access, not a query. Nothing in an import renames or
 * removes a tag or an enterprise, so what is mapped once stays mapped.
 */
export class LocalNames {
  private readonly enterpriseIds = new Map<string, string>();
  private readonly localById = new Map<string, { id: string; name: string }>();
  private readonly tagPaths = new Map<string, string>();
  private readonly lookup: TagLookup;
  /** Local tags and enterprises as mapped, handed to the entry writes so they need not find them again. */
  readonly resolved = { tags: new Map<string, string>(), enterprises: new Map<string, string>() } satisfies KnownIds;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly tally: NamesTally,
    enterprises: Vocabulary['enterprises'],
  ) {
    for (const e of enterprises) {
      let id = catalogue.enterprises.find(e.id) ?? catalogue.enterprises.find(e.name);
      if (!id) {
        id = catalogue.enterprises.create({ id: e.id, name: e.name, place: e.place, industry: e.industry }).id;
        tally.changes += 1;
      }
      this.enterpriseIds.set(e.id, id);
    }
    this.lookup = catalogue.tags.lookup();
  }

  enterprise(brief: { id: string; name: string }): { id: string; name: string } {
    const mapped = this.enterpriseIds.get(brief.id);
    const known = mapped === undefined ? undefined : this.localById.get(mapped);
    if (known) return known;
    const id = mapped ?? this.catalogue.enterprises.ensure(brief.name);
    const local = { id, name: this.catalogue.enterprises.get(id).name };
    if (mapped !== undefined) this.localById.set(mapped, local);
    this.resolved.enterprises.set(local.name, id);
    return local;
  }

  private findTag(p: string): string | undefined {
    try {
      return this.lookup.find(p);
    } catch (error) {
      if (error instanceof RatioError)
        throw new RatioError('CONFLICT', `Incoming tag "${p}" matches more than one local tag; give one of them a fuller name, then import again.`);
      throw error;
    }
  }

  /** The local path of an incoming tag. */
  tag(p: string, synonyms: readonly string[]): string {
    const known = this.tagPaths.get(p);
    if (known) return known;
    let id = this.findTag(p);
    for (const synonym of synonyms) id ??= this.findTag(synonym);
    if (!id) {
      const made = this.lookup.ensure(p);
      id = made.id;
      if (made.created) {
        this.tally.counts.tagsCreated.push(p);
        this.tally.changes += 1;
      }
      // A synonym that already names another local tag would make that name ambiguous; it is left out.
      const own = id;
      this.lookup.addSynonyms(
        id,
        synonyms.filter((s) => [undefined, own].includes(this.findTag(s))),
      );
    }
    const local = this.lookup.pathOf(id);
    this.tagPaths.set(p, local);
    this.resolved.tags.set(local, id);
    return local;
  }

  /** A record's snapshot in local names. */
  snapshot(record: EntryRecord, s: EntrySnapshot): EntrySnapshot {
    return {
      ...s,
      tags: s.tags.map((t) => this.tag(t, [])),
      enterprise: record.enterprise ? this.enterprise(record.enterprise).name : null,
    };
  }
}
