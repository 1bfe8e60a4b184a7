import { lookup as lookupMediaType } from 'mime-types';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/contract/catalogue.js';
import type { ParsedRequestOf } from '../../../shared/contract/index.js';
import { RatioError } from '../../../shared/errors.js';
import type { Entry, EntrySnapshot } from '../../../shared/schemas/entry.js';
import type { CatalogueCore } from '../catalogue.js';

const MIB = 1024 * 1024;

/**
 * entries.create: the entry and the files sent with it in one transaction and one revision,
 * so a new entry with two attachments opens at revision 1. The files together may be as
 * large as one attachment may (one request carries them all).
 */
export function createEntryWithAttachments(catalogue: CatalogueCore, request: ParsedRequestOf<'entries.create'>): Entry {
  const files = (request.attachments ?? []).map((a) => ({ ...a, content: Buffer.from(a.contentBase64, 'base64') }));
  const total = files.reduce((n, f) => n + f.content.length, 0);
  if (files.some((f) => f.content.length > MAX_ATTACHMENT_BYTES) || total > MAX_ATTACHMENT_BYTES) {
    throw new RatioError(
      'INVALID_INPUT',
      `The files attached with a new entry are at most ${MAX_ATTACHMENT_BYTES / MIB} MiB together; attach larger ones afterwards.`,
    );
  }
  return catalogue.transaction(() => {
    const refs: EntrySnapshot['attachments'] = files.map((f) => {
      const blob = catalogue.blobs.put(f.content);
      return { sha256: blob.sha256, name: f.name, mediaType: f.mediaType || lookupMediaType(f.name) || 'application/octet-stream', size: blob.size };
    });
    return catalogue.entryService.create(request, refs);
  });
}
