import fs from 'node:fs';
import path from 'node:path';
import { RatioError } from '../../../shared/errors.js';
import { DemoCatalogue } from '../../../shared/schemas/demo.js';
import type { CatalogueCore } from '../catalogue.js';

export interface DemoCounts {
  entriesAdded: number;
  enterprisesAdded: number;
  adoptionsAdded: number;
  linksAdded: number;
  attachmentsAdded: number;
}

export function readDemo(dir: string): DemoCatalogue {
  const file = path.join(dir, 'catalogue.json');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RatioError('FILE_ERROR', `Cannot read the demo catalogue at ${file}: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const parsed = DemoCatalogue.safeParse(raw);
  if (!parsed.success) throw new RatioError('INTERNAL', `The demo catalogue at ${file} is malformed: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

/**
 * Loads the demo catalogue in one transaction. Its records carry fixed ids, so a second
 * run finds them present and adds nothing; an entry the user deleted stays deleted.
 */
export function loadDemo(catalogue: CatalogueCore, dir: string, progress?: (done: number, total: number) => void): DemoCounts {
  const demo = readDemo(dir);
  const counts: DemoCounts = { entriesAdded: 0, enterprisesAdded: 0, adoptionsAdded: 0, linksAdded: 0, attachmentsAdded: 0 };
  const blobs = demo.entries.flatMap((e) => e.attachments.map((a) => a.file));
  const contents = new Map(blobs.map((file) => [file, fs.readFileSync(path.join(dir, 'attachments', file))]));
  catalogue.transaction(() => {
    for (const e of demo.enterprises) {
      if (catalogue.enterprises.find(e.id) || catalogue.enterprises.find(e.name)) continue;
      catalogue.enterprises.create(e);
      counts.enterprisesAdded += 1;
    }
    for (const t of demo.tags) {
      const { id } = catalogue.tags.ensure(t.path);
      const synonyms = new Set([...catalogue.tags.synonyms(id), ...t.synonyms]);
      catalogue.tags.setSynonyms(id, [...synonyms]);
    }
    const added = new Set<string>();
    for (const e of demo.entries) {
      if (catalogue.entryRepo.exists(e.id) || catalogue.revisionRepo.latestNumber(e.id) > 0) continue;
      const attachments = e.attachments.map((a) => {
        const blob = catalogue.blobs.put(contents.get(a.file) as Buffer);
        return { sha256: blob.sha256, name: a.name, mediaType: a.mediaType, size: blob.size };
      });
      catalogue.entryService.create(
        {
          id: e.id,
          kind: e.kind,
          title: e.title,
          summary: e.summary,
          body: e.body,
          status: e.status,
          language: e.language,
          enterprise: e.enterprise,
          registration: e.registration,
          authors: e.authors,
          tags: e.tags,
          classification: e.classification,
          createdAt: `${e.created}T09:00:00.000Z`,
        },
        attachments,
      );
      counts.attachmentsAdded += attachments.length;
      added.add(e.id);
      counts.entriesAdded += 1;
      progress?.(counts.entriesAdded, demo.entries.length);
    }
    for (const a of demo.adoptions) {
      if (!added.has(a.entry)) continue;
      catalogue.relations.addAdoption({
        entryId: a.entry,
        enterpriseId: catalogue.enterprises.ensure(a.enterprise),
        date: a.date,
        note: a.note,
        effects: a.effects,
      });
      counts.adoptionsAdded += 1;
    }
    for (const l of demo.links) {
      if (!added.has(l.from) && !added.has(l.to)) continue;
      if (!catalogue.entryRepo.exists(l.from) || !catalogue.entryRepo.exists(l.to)) continue;
      if (catalogue.relations.addLink(l.from, l.to, l.type)) counts.linksAdded += 1;
    }
  });
  return counts;
}
