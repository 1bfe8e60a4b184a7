import { z } from 'zod';
import { Id, IsoDate } from './common.js';
import { Effect, EntryKind, EntryStatus, LinkType } from './entry.js';

/** The shape of resources/demo/catalogue.json. */
export const DemoCatalogue = z
  .object({
    enterprises: z.array(z.object({ id: Id, name: z.string().min(1), place: z.string(), industry: z.string() }).strict()),
    tags: z.array(z.object({ path: z.string().min(1), synonyms: z.array(z.string()).default([]) }).strict()),
    entries: z.array(
      z
        .object({
          id: Id,
          kind: EntryKind,
          title: z.string().min(1),
          summary: z.string(),
          body: z.string(),
          status: EntryStatus,
          language: z.string(),
          enterprise: z.string(),
          registration: z.string(),
          authors: z.array(z.string()),
          tags: z.array(z.string()),
          classification: z.array(z.string()),
          created: IsoDate,
          attachments: z.array(z.object({ file: z.string().regex(/^[\w.-]+$/), name: z.string(), mediaType: z.string() }).strict()).default([]),
        })
        .strict(),
    ),
    adoptions: z.array(z.object({ entry: Id, enterprise: z.string(), date: IsoDate, note: z.string().default(''), effects: z.array(Effect) }).strict()),
    links: z.array(z.object({ from: Id, to: Id, type: LinkType }).strict()),
  })
  .strict();
export type DemoCatalogue = z.infer<typeof DemoCatalogue>;
