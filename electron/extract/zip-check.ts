import yauzl from 'yauzl';
import { ExtractError } from './errors.js';

/**
 * Reads the entries of a zip (DOCX, ODT) into memory, bounded: the sizes the directory
 * claims are added up as they come, and every entry is inflated with yauzl, which stops
 * one that inflates past what it claimed. A compression bomb is refused before it fills memory.
 */
export async function readZip(bytes: Buffer, maxInflated: number, wanted: (name: string) => boolean): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (error, file) =>
      error ? reject(new ExtractError('failed', `Not a readable zip: ${error.message}`)) : resolve(file),
    ),
  );
  const out = new Map<string, Buffer>();
  let claimed = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (error: Error) => reject(new ExtractError('failed', `Not a readable zip: ${error.message}`)));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        claimed += entry.uncompressedSize;
        if (claimed > maxInflated) {
          reject(new ExtractError('too-large', `The archive inflates to more than ${Math.round(maxInflated / 1048576)} MB.`));
          return;
        }
        if (entry.fileName.endsWith('/')) {
          zip.readEntry();
          return;
        }
        // Entries not wanted are inflated too, and dropped: a reader given the whole archive
        // (mammoth) may open any of them, so each must be proved no bigger than it says.
        const keep = wanted(entry.fileName);
        zip.openReadStream(entry, (error, stream) => {
          if (error) {
            reject(new ExtractError('failed', `Cannot read ${entry.fileName} in the archive: ${error.message}`));
            return;
          }
          const parts: Buffer[] = [];
          let size = 0;
          stream.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > entry.uncompressedSize) stream.destroy(new Error('it inflates past its stated size'));
            else if (keep) parts.push(chunk);
          });
          stream.on('error', (e: Error) => reject(new ExtractError('too-large', `${entry.fileName} in the archive is not what it claims: ${e.message}`)));
          stream.on('end', () => {
            if (keep) out.set(entry.fileName, Buffer.concat(parts));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return out;
}

/** Whether a zip is a DOCX or an ODT, from the entries it has. */
export async function zipKind(bytes: Buffer, maxInflated: number): Promise<{ kind: 'docx' | 'odt' | 'zip'; entries: Map<string, Buffer> }> {
  const entries = await readZip(
    bytes,
    maxInflated,
    (name) => name === 'mimetype' || name === 'content.xml' || name === '[Content_Types].xml' || name === 'word/document.xml',
  );
  const mimetype = entries.get('mimetype')?.toString('latin1').trim();
  if (mimetype === 'application/vnd.oasis.opendocument.text' && entries.has('content.xml')) return { kind: 'odt', entries };
  if (entries.has('word/document.xml') && entries.has('[Content_Types].xml')) return { kind: 'docx', entries };
  return { kind: 'zip', entries };
}
