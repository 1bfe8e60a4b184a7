import fs from 'node:fs';
import { RatioError } from '../../shared/errors.js';
import type { Catalogue } from '../app/catalogue.js';
import { parsePublicKey } from './keys.js';
import { BundleReader } from './read-bundle.js';

/** Reads the key a trust request names: a bundle's signer, a key file, or the key text itself. */
export async function keyFromSource(catalogue: Catalogue, source: string): Promise<{ key: Buffer; producerId?: string }> {
  let isFile = false;
  try {
    isFile = fs.statSync(source).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) return { key: parsePublicKey(source) };
  const head = Buffer.alloc(4);
  const fd = fs.openSync(source, 'r');
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.readUInt32LE(0) === 0x04034b50) {
    // A bundle: its manifest's signature proves the key signed it; nothing else of an unknown signer's bundle is read.
    const reader = await BundleReader.open(catalogue, source);
    reader.close();
    return { key: Buffer.from(reader.manifest.producer.publicKey, 'base64'), producerId: reader.manifest.producer.enterpriseId };
  }
  if (fs.statSync(source).size > 4096) throw new RatioError('INVALID_INPUT', `${source} is neither a bundle nor a public key file.`);
  return { key: parsePublicKey(fs.readFileSync(source, 'utf8')) };
}
