// Builds signed bundles of thousands of large, highly compressible files without ever
// holding or compressing gigabytes: every file is one constant part and a short tail that
// makes it unique, so the constant part is deflated and hashed once and each file costs a
// few bytes. zip CRCs are left 0 (Ratio checks SHA-256 from the signed manifest instead).
import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { TestSigner } from './zip-craft.js';

interface BigFile {
  name: string;
  /** Raw deflate data. */
  payload: Buffer;
  size: number;
  sha256: string;
}

/** Files of `constant` followed by each tail: deflated as one independent block run plus the tail. */
export function filesOf(names: readonly string[], constant: Buffer, tails: readonly Buffer[]): BigFile[] {
  const head = zlib.deflateRawSync(constant, { finishFlush: zlib.constants.Z_FULL_FLUSH });
  const hashed = crypto.createHash('sha256').update(constant);
  return names.map((name, i) => {
    const tail = tails[i] as Buffer;
    return {
      name,
      payload: Buffer.concat([head, zlib.deflateRawSync(tail)]),
      size: constant.length + tail.length,
      sha256: hashed.copy().update(tail).digest('hex'),
    };
  });
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}
function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

type ZipItem = { name: string; payload: Buffer; size: number; method: 0 | 8 };

function zip(items: readonly ZipItem[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const item of items) {
    const name = Buffer.from(item.name, 'utf8');
    const fields = [u16(20), u16(0x0800), u16(item.method), u16(0), u16(0x21), u32(0), u32(item.payload.length), u32(item.size)];
    const header = Buffer.concat([u32(0x04034b50), ...fields, u16(name.length), u16(0), name]);
    central.push(
      Buffer.concat([u32(0x02014b50), u16(0x031e), ...fields, u16(name.length), u16(0), u16(0), u16(0), u16(0), u32(0o100644 << 16), u32(offset), name]),
    );
    parts.push(header, item.payload);
    offset += header.length + item.payload.length;
  }
  const cd = Buffer.concat(central);
  return Buffer.concat([...parts, cd, u32(0x06054b50), u16(0), u16(0), u16(items.length), u16(items.length), u32(cd.length), u32(offset), u16(0)]);
}

export function entryId(i: number): string {
  return `01900000-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;
}

/** Writes a bundle of `files` (entries/… and attachments/…) and `tags` (none by default), signed by `signer`. */
export function writeBigBundle(
  out: string,
  signer: TestSigner,
  files: readonly BigFile[],
  counts: { entries: number; attachments: number },
  tagList: readonly { path: string; synonyms: string[] }[] = [],
): number {
  const small = (name: string, text: string): BigFile & { bytes: Buffer } => {
    const bytes = Buffer.from(text);
    return { name, payload: bytes, size: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), bytes };
  };
  const tags = small('tags.json', JSON.stringify(tagList));
  const enterprises = small('enterprises.json', '[]');
  const all = [tags, enterprises, ...files];
  const manifest = Buffer.from(
    JSON.stringify({
      format: 'ratio-bundle',
      formatVersion: 1,
      bundleId: '01900000-0000-7000-8000-00000000b0b0',
      createdAt: '2026-01-31T10:00:00.000Z',
      producer: {
        enterpriseId: '01900000-0000-7000-8000-0000000e0e0e',
        name: 'Hostile Exchange Office',
        keyId: signer.keyId,
        publicKey: signer.publicKeyBase64,
      },
      recipient: null,
      selection: { mode: 'all', description: 'every entry' },
      counts: { entries: counts.entries, attachments: counts.attachments, revisions: counts.entries, adoptions: 0, links: 0, tags: tagList.length },
      files: all.map((f) => ({ path: f.name, sha256: f.sha256, size: f.size })),
    }),
  );
  const items: ZipItem[] = [
    { name: 'manifest.json', payload: manifest, size: manifest.length, method: 0 },
    { name: 'manifest.sig', payload: crypto.sign(null, manifest, signer.privateKey), size: 64, method: 0 },
    { name: 'tags.json', payload: zlib.deflateRawSync(tags.bytes), size: tags.size, method: 8 },
    { name: 'enterprises.json', payload: enterprises.bytes, size: enterprises.size, method: 0 },
    ...files.map((f): ZipItem => ({ name: f.name, payload: f.payload, size: f.size, method: 8 })),
  ];
  const bytes = zip(items);
  fs.writeFileSync(out, bytes);
  return bytes.length;
}

/**
 * `count` valid entry records, each just under 1 MiB (so each skips the ratio check for
 * large files) and all alike but their id, which comes last so the rest is shared.
 * `body` is the snapshot's body (it appears twice: in the state and in the one revision).
 */
export function bigRecords(count: number, body: string): BigFile[] {
  const snapshot = {
    attachments: [],
    authors: [],
    body,
    classification: [],
    enterprise: null,
    kind: 'method',
    language: 'en',
    registration: '',
    status: 'draft',
    summary: '',
    tags: [],
    title: 'Padding',
  };
  const snapshotJson = JSON.stringify(snapshot);
  const hash = crypto.createHash('sha256').update(snapshotJson).digest('hex');
  const history = `[{"action":"create","at":"2026-01-01T00:00:00.000Z","author":null,"changed":[],"contentHash":"${hash}","number":1,"snapshot":${snapshotJson}}]`;
  const constant = Buffer.from(
    `{"adoptions":[],"createdAt":"2026-01-01T00:00:00.000Z","enterprise":null,"history":${history},"links":[],"revision":1,"state":${snapshotJson},"updatedAt":"2026-01-01T00:00:00.000Z","id":"`,
  );
  const ids = Array.from({ length: count }, (_, i) => entryId(i + 1));
  return filesOf(
    ids.map((id) => `entries/${id}.json`),
    constant,
    ids.map((id) => Buffer.from(`${id}"}`)),
  );
}

/** `count` attachments of `size` random bytes (which do not compress), each named by its SHA-256. */
export function randomAttachments(count: number, size: number): BigFile[] {
  return Array.from({ length: count }, () => {
    const bytes = crypto.randomBytes(size);
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    return { name: `attachments/${sha256}`, payload: zlib.deflateRawSync(bytes, { level: 1 }), size, sha256 };
  });
}

/** `count` attachments of `size` zero bytes but a counter at the end, each named by its SHA-256. */
export function zeroAttachments(count: number, size: number): BigFile[] {
  const tails = Array.from({ length: count }, (_, i) => {
    const tail = Buffer.alloc(16);
    tail.writeUInt32BE(i + 1, 12);
    return tail;
  });
  const files = filesOf(
    tails.map(() => ''),
    Buffer.alloc(size - 16),
    tails,
  );
  return files.map((f) => ({ ...f, name: `attachments/${f.sha256}` }));
}
