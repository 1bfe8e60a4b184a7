import crypto, { type KeyObject } from 'node:crypto';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import { canonicalJson } from '../../electron/core/repos/revisions.js';

/** One raw zip entry; every header field can be made to lie. */
export interface RawEntry {
  name: string | Buffer;
  data: Buffer;
  method?: number;
  /** Bytes written as the entry's data; defaults to `data` stored or deflated per method. */
  payload?: Buffer;
  declaredSize?: number;
  declaredCompressedSize?: number;
  flags?: number;
  externalAttributes?: number;
  /** Central directory offset of the local header, to point two entries at overlapping bytes. */
  offsetOverride?: number;
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

export function localHeader(e: RawEntry, payload: Buffer): Buffer {
  const name = Buffer.isBuffer(e.name) ? e.name : Buffer.from(e.name, 'utf8');
  return Buffer.concat([
    u32(0x04034b50),
    u16(20),
    u16(e.flags ?? 0x0800),
    u16(e.method ?? 0),
    u16(0),
    u16(0x21),
    u32(zlib.crc32(e.data)),
    u32(e.declaredCompressedSize ?? payload.length),
    u32(e.declaredSize ?? e.data.length),
    u16(name.length),
    u16(0),
    name,
  ]);
}

/** Writes local headers, data, central directory and end record by hand, so tests can build zips no library would. */
export function craftZip(entries: readonly RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.isBuffer(e.name) ? e.name : Buffer.from(e.name, 'utf8');
    const payload = e.payload ?? (e.method === 8 ? zlib.deflateRawSync(e.data) : e.data);
    const header = localHeader(e, payload);
    const at = e.offsetOverride ?? offset;
    parts.push(header, payload);
    central.push(
      Buffer.concat([
        u32(0x02014b50),
        u16(0x031e),
        u16(20),
        u16(e.flags ?? 0x0800),
        u16(e.method ?? 0),
        u16(0),
        u16(0x21),
        u32(zlib.crc32(e.data)),
        u32(e.declaredCompressedSize ?? payload.length),
        u32(e.declaredSize ?? e.data.length),
        u16(name.length),
        u16(0),
        u16(0),
        u16(0),
        u16(0),
        u32(e.externalAttributes ?? 0o100644 << 16),
        u32(at),
        name,
      ]),
    );
    offset += header.length + payload.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length), u32(cd.length), u32(offset), u16(0)]);
  return Buffer.concat([...parts, cd, end]);
}

/** Every file of a (trusted, test-made) bundle, by name. */
export async function unpack(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const out = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const c of await zip.openReadStreamPromise(entry)) chunks.push(c as Buffer);
    out.set(entry.fileName, Buffer.concat(chunks));
  }
  zip.close();
  return out;
}

export interface TestSigner {
  privateKey: KeyObject;
  publicKeyBase64: string;
  keyId: string;
}

export function testSigner(): TestSigner {
  const pair = crypto.generateKeyPairSync('ed25519');
  const raw = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  return { privateKey: pair.privateKey, publicKeyBase64: raw.toString('base64'), keyId: crypto.createHash('sha256').update(raw).digest('hex') };
}

const sha = (b: Buffer): string => crypto.createHash('sha256').update(b).digest('hex');

/**
 * Rebuilds manifest.json for `files` (hashes and sizes recomputed unless `keepFileList`),
 * lets `edit` change it, and signs it with `signer`, as a hostile but well-keyed producer would.
 */
export function resign(
  files: Map<string, Buffer>,
  signer: TestSigner,
  edit: (manifest: Record<string, unknown>) => void = () => undefined,
  keepFileList = false,
): Map<string, Buffer> {
  const manifest = JSON.parse((files.get('manifest.json') as Buffer).toString('utf8')) as Record<string, unknown> & { producer: Record<string, unknown> };
  manifest.producer.publicKey = signer.publicKeyBase64;
  manifest.producer.keyId = signer.keyId;
  if (!keepFileList) {
    manifest.files = [...files]
      .filter(([n]) => n !== 'manifest.json' && n !== 'manifest.sig')
      .map(([path, bytes]) => ({ path, sha256: sha(bytes), size: bytes.length }));
  }
  edit(manifest);
  const bytes = Buffer.from(JSON.stringify(manifest), 'utf8');
  const out = new Map(files);
  out.set('manifest.json', bytes);
  out.set('manifest.sig', crypto.sign(null, bytes, signer.privateKey));
  return out;
}

export function zipOf(files: Map<string, Buffer>, extra: RawEntry[] = []): Buffer {
  return craftZip([...[...files].map(([name, data]) => ({ name, data, method: 8 })), ...extra]);
}

export { canonicalJson };
