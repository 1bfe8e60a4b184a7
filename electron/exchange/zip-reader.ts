import { Transform, type Readable, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import { RatioError } from '../../shared/errors.js';
import { ALLOWED_DIRECTORIES, type BundleLimits } from './limits.js';
import { CHUNK, WindowedReader } from './windowed-reader.js';

export interface ArchiveFile {
  name: string;
  size: number;
  compressedSize: number;
  entry: yauzl.Entry;
  /** Where the file's data starts, found from its local header when the archive is opened. */
  dataStart: number;
}

/** Reads of many small neighbouring pieces (local headers, small files) are gathered into windows of this size. */
const WINDOW = 4 * 1024 * 1024;
const LOCAL_HEADER = 30;

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const FLAG_UTF8 = 0x0800;

function refuse(reason: string): never {
  throw new RatioError('BUNDLE_REFUSED', `The bundle was refused: ${reason}.`);
}

function hasControlCharacter(name: string): boolean {
  for (let i = 0; i < name.length; i += 1) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** One decoder for every name: a fatal decoder refuses invalid UTF-8 and keeps no state between calls. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Why a zip entry name is unsafe, or null. Checked before anything is extracted. */
export function unsafeNameReason(name: string): string | null {
  if (name.length === 0) return 'an entry has an empty name';
  if (name.length > 255) return `an entry name is longer than 255 characters`;
  if (hasControlCharacter(name)) return `the entry name ${JSON.stringify(name)} contains control characters`;
  if (name.includes('\\')) return `the entry name ${JSON.stringify(name)} contains a backslash`;
  if (name.startsWith('/')) return `the entry name ${JSON.stringify(name)} is an absolute path`;
  if (/^[A-Za-z]:/.test(name)) return `the entry name ${JSON.stringify(name)} starts with a drive letter`;
  const segments = name.replace(/\/$/, '').split('/');
  if (segments.some((s) => s === '..')) return `the entry name ${JSON.stringify(name)} climbs out of the bundle`;
  if (segments.some((s) => s === '.' || s === '')) return `the entry name ${JSON.stringify(name)} has an empty or "." segment`;
  return null;
}

function decodeName(entry: yauzl.Entry): string {
  // With decodeStrings off yauzl hands over raw bytes; we accept UTF-8 (flagged, or plain ASCII) only.
  const raw = entry.fileName as unknown as Buffer;
  const ascii = raw.every((b) => b < 0x80);
  if (!ascii && (entry.generalPurposeBitFlag & FLAG_UTF8) === 0) refuse('an entry name is not marked as UTF-8');
  try {
    return UTF8.decode(raw);
  } catch {
    return refuse('an entry name is not valid UTF-8');
  }
}

/** Counts bytes as they stream and fails as soon as there are more than the header declared. */
class ByteCap extends Transform {
  private seen = 0;
  constructor(
    private readonly cap: number,
    private readonly name: string,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.cap) {
      done(new RatioError('BUNDLE_REFUSED', `The bundle was refused: ${this.name} holds more bytes than its header declares.`));
      return;
    }
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    if (this.seen !== this.cap) {
      done(new RatioError('BUNDLE_REFUSED', `The bundle was refused: ${this.name} holds fewer bytes than its header declares.`));
      return;
    }
    done();
  }
}

/**
 * A zip opened under strict limits. `open` reads the central directory and every local
 * header, refusing unsafe names, links, encryption, other compression methods, duplicate
 * or colliding names, size caps, suspicious ratios and overlapping entries — all before
 * a single byte of content is read.
 */
export class BundleArchive {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly reader: WindowedReader,
    readonly files: Map<string, ArchiveFile>,
  ) {}

  static async open(file: string, limits: BundleLimits): Promise<BundleArchive> {
    let reader: WindowedReader;
    try {
      reader = await WindowedReader.open(file);
    } catch (error) {
      const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : '';
      throw new RatioError('FILE_ERROR', `Cannot read ${file} (${code || (error instanceof Error ? error.message : String(error))}).`);
    }
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.fromRandomAccessReaderPromise(reader, reader.size, {
        lazyEntries: true,
        decodeStrings: false,
        validateEntrySizes: true,
        autoClose: false,
      });
    } catch {
      reader.close(() => undefined);
      // The zip library's own words ("End of central directory record signature…") mean nothing to a person.
      return refuse('it is not a zip archive or it is damaged');
    }
    try {
      return new BundleArchive(zip, reader, await BundleArchive.scan(zip, reader, limits));
    } catch (error) {
      zip.close();
      if (error instanceof RatioError) throw error;
      // yauzl's text is for programmers; the one case a person can act on is said in words.
      const sizes = error instanceof Error && /size mismatch/i.test(error.message);
      return refuse(sizes ? 'an entry declares different compressed and uncompressed sizes' : 'the archive is damaged');
    }
  }

  private static async scan(zip: yauzl.ZipFile, reader: WindowedReader, limits: BundleLimits): Promise<Map<string, ArchiveFile>> {
    if (zip.entryCount > limits.maxEntries) refuse(`it has ${zip.entryCount} entries, more than the limit of ${limits.maxEntries}`);
    // Before any entry is read, yauzl's cursor sits at the central directory.
    const centralDirectory = zip.readEntryCursor as unknown as number;
    const files = new Map<string, ArchiveFile>();
    const folded = new Map<string, string>();
    const all: yauzl.Entry[] = [];
    let total = 0;
    let compressed = 0;
    for await (const entry of zip.eachEntry()) {
      all.push(entry);
      if (all.length > limits.maxEntries) refuse(`it has more than ${limits.maxEntries} entries`);
      const name = decodeName(entry);
      const unsafe = unsafeNameReason(name);
      if (unsafe) refuse(unsafe);
      const key = name.normalize('NFC').toLowerCase();
      const clash = folded.get(key);
      if (clash !== undefined) {
        refuse(
          clash === name
            ? `the name ${JSON.stringify(name)} appears twice`
            : `the names ${JSON.stringify(clash)} and ${JSON.stringify(name)} collide when case or Unicode normalisation is ignored`,
        );
      }
      folded.set(key, name);
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) refuse(`${JSON.stringify(name)} is a symbolic link`);
      if ((entry.generalPurposeBitFlag & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) !== 0) refuse(`${JSON.stringify(name)} is encrypted`);
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        refuse(`${JSON.stringify(name)} uses compression method ${entry.compressionMethod}; only stored and deflate are read`);
      }
      if (entry.compressionMethod === 0 && entry.compressedSize !== entry.uncompressedSize) {
        refuse(`${JSON.stringify(name)} is stored but declares different compressed and uncompressed sizes`);
      }
      if (name.endsWith('/')) {
        if (!ALLOWED_DIRECTORIES.has(name) || entry.uncompressedSize !== 0) refuse(`the archive holds an unexpected folder ${JSON.stringify(name)}`);
        continue;
      }
      if (entry.uncompressedSize > limits.maxFileBytes) refuse(`${JSON.stringify(name)} is larger than the limit of ${limits.maxFileBytes} bytes`);
      total += entry.uncompressedSize;
      compressed += entry.compressedSize;
      if (total > limits.maxTotalBytes) refuse(`its files add up to more than the limit of ${limits.maxTotalBytes} bytes`);
      if (entry.uncompressedSize > limits.ratioFloorBytes && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
        refuse(`${JSON.stringify(name)} expands more than ${limits.maxRatio} times (a zip bomb)`);
      }
      files.set(name, { name, size: entry.uncompressedSize, compressedSize: entry.compressedSize, entry, dataStart: -1 });
    }
    // Thousands of files each just under the floor skip the check above; together they are judged the same way.
    if (total > limits.ratioFloorBytes && total > limits.maxRatio * Math.max(1, compressed)) {
      refuse(`its files together expand more than ${limits.maxRatio} times (a zip bomb)`);
    }
    const dataStarts = await BundleArchive.checkLayout(reader, all, centralDirectory);
    for (const file of files.values()) file.dataStart = dataStarts.get(file.entry) as number;
    return files;
  }

  /**
   * Each entry's local header and data must lie before the central directory and apart from
   * every other's, and the header must name the same file. Headers are read in windows, so
   * thousands of neighbouring small files cost a few reads. Returns where each entry's data starts.
   */
  private static async checkLayout(reader: WindowedReader, entries: yauzl.Entry[], centralDirectory: number): Promise<Map<yauzl.Entry, number>> {
    const spans: { start: number; end: number }[] = [];
    const starts = new Map<yauzl.Entry, number>();
    const ordered = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
    let window = Buffer.alloc(0);
    let windowStart = 0;
    /** `span` is how far ahead is worth reading: a whole window after a small file, just the header before a large one. */
    const bytesAt = async (offset: number, length: number, span: number): Promise<Buffer> => {
      if (offset < windowStart || offset + length > windowStart + window.length) {
        const want = Math.max(length, Math.min(span, centralDirectory - offset));
        // Not zero-filled: only the bytes read are ever looked at, and these windows cover most of the archive.
        const buffer = Buffer.allocUnsafe(want);
        const bytesRead = await reader.readAt(buffer, offset);
        window = buffer.subarray(0, bytesRead);
        windowStart = offset;
        if (bytesRead < length) refuse('a local file header is damaged (unexpected EOF)');
      }
      return window.subarray(offset - windowStart, offset - windowStart + length);
    };
    for (const entry of ordered) {
      const offset = entry.relativeOffsetOfLocalHeader;
      if (offset + LOCAL_HEADER > centralDirectory) refuse('an entry runs into the central directory');
      const span = entry.compressedSize < WINDOW / 2 ? WINDOW : LOCAL_HEADER + 2 * 0xffff;
      const fixed = await bytesAt(offset, LOCAL_HEADER, span);
      const signature = fixed.readUInt32LE(0);
      if (signature !== 0x04034b50) refuse(`a local file header is damaged (invalid local file header signature: 0x${signature.toString(16)})`);
      const nameLength = fixed.readUInt16LE(26);
      const extraLength = fixed.readUInt16LE(28);
      const dataStart = offset + LOCAL_HEADER + nameLength + extraLength;
      const end = dataStart + entry.compressedSize;
      if (end > centralDirectory) refuse('an entry runs into the central directory');
      const name = await bytesAt(offset + LOCAL_HEADER, nameLength, span);
      if (!name.equals(entry.fileName as unknown as Buffer)) refuse('a local file header names a different file than the central directory');
      spans.push({ start: offset, end });
      starts.set(entry, dataStart);
    }
    for (let i = 1; i < spans.length; i += 1) {
      if ((spans[i] as { start: number }).start < (spans[i - 1] as { end: number }).end) refuse('two entries overlap in the archive');
    }
    return starts;
  }

  /**
   * The decompressed bytes of many small files, each checked against the size its header
   * declares, yielded in archive order. Neighbouring files are read together in windows.
   */
  async *readMany(files: readonly ArchiveFile[], max: number): AsyncGenerator<{ file: ArchiveFile; bytes: Buffer }> {
    for (const file of files) if (file.size > max) refuse(`${JSON.stringify(file.name)} is larger than the limit of ${max} bytes for its kind`);
    const ordered = [...files].sort((a, b) => a.dataStart - b.dataStart);
    let i = 0;
    while (i < ordered.length) {
      const first = ordered[i] as ArchiveFile;
      let j = i + 1;
      while (j < ordered.length) {
        const next = ordered[j] as ArchiveFile;
        if (next.dataStart + next.compressedSize - first.dataStart > WINDOW) break;
        j += 1;
      }
      const last = ordered[j - 1] as ArchiveFile;
      const length = last.dataStart + last.compressedSize - first.dataStart;
      const window = Buffer.allocUnsafe(length);
      const bytesRead = await this.reader.readAt(window, first.dataStart);
      // Used only when read whole.
      if (bytesRead < length) refuse(`${JSON.stringify(last.name)} cannot be read (unexpected EOF)`);
      for (let k = i; k < j; k += 1) {
        const file = ordered[k] as ArchiveFile;
        const raw = window.subarray(file.dataStart - first.dataStart, file.dataStart - first.dataStart + file.compressedSize);
        yield { file, bytes: BundleArchive.decompress(file, raw) };
      }
      i = j;
    }
  }

  private static decompress(file: ArchiveFile, raw: Buffer): Buffer {
    const name = JSON.stringify(file.name);
    let bytes: Buffer;
    if (file.entry.compressionMethod === 0) {
      bytes = Buffer.from(raw);
    } else {
      try {
        bytes = zlib.inflateRawSync(raw, { maxOutputLength: file.size + 1 });
      } catch (error) {
        if (error instanceof RangeError) refuse(`${name} holds more bytes than its header declares`);
        return refuse(`${name} is damaged (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    if (bytes.length > file.size) refuse(`${name} holds more bytes than its header declares`);
    if (bytes.length < file.size) refuse(`${name} holds fewer bytes than its header declares`);
    return bytes;
  }

  /**
   * The decompressed bytes of one small file, read and inflated synchronously, for work that
   * must not wait for an event (reading records again inside the import's transaction).
   */
  readWholeSync(file: ArchiveFile, max: number): Buffer {
    if (file.size > max) refuse(`${JSON.stringify(file.name)} is larger than the limit of ${max} bytes for its kind`);
    const raw = Buffer.allocUnsafe(file.compressedSize);
    const bytesRead = file.compressedSize === 0 ? 0 : this.reader.readAtSync(raw, file.dataStart);
    if (bytesRead < file.compressedSize) refuse(`${JSON.stringify(file.name)} cannot be read (unexpected EOF)`);
    return BundleArchive.decompress(file, raw);
  }

  /** The bytes of a small stored (not deflated) file, read at once; null for a deflated one. */
  storedBytes(file: ArchiveFile): Buffer | null {
    if (file.entry.compressionMethod !== 0) return null;
    const bytes = Buffer.allocUnsafe(file.size);
    const bytesRead = file.size === 0 ? 0 : this.reader.readAtSync(bytes, file.dataStart);
    if (bytesRead < file.size) refuse(`${JSON.stringify(file.name)} holds fewer bytes than its header declares`);
    return bytes;
  }

  /**
   * The bytes of one file in chunks, checked against the size its header declares. A stored
   * file is read straight from its checked place in the archive, without the stream
   * machinery (which cost more than the reading for thousands of small attachments).
   */
  async *chunks(file: ArchiveFile): AsyncGenerator<Buffer> {
    if (file.entry.compressionMethod !== 0) {
      for await (const chunk of await this.stream(file)) yield chunk as Buffer;
      return;
    }
    for (let done = 0; done < file.size;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, file.size - done));
      const bytesRead = await this.reader.readAt(chunk, file.dataStart + done);
      if (bytesRead === 0) refuse(`${JSON.stringify(file.name)} holds fewer bytes than its header declares`);
      done += bytesRead;
      yield bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead);
    }
  }

  /** The decompressed bytes of one file, counted against what its header declares. */
  async stream(file: ArchiveFile): Promise<Readable> {
    let source: Readable;
    try {
      source = await this.zip.openReadStreamPromise(file.entry);
    } catch {
      return refuse(`${JSON.stringify(file.name)} cannot be read`);
    }
    const cap = new ByteCap(file.size, JSON.stringify(file.name));
    source.on('error', (error: Error) =>
      cap.destroy(error instanceof RatioError ? error : new RatioError('BUNDLE_REFUSED', `The bundle was refused: ${JSON.stringify(file.name)} is damaged.`)),
    );
    return source.pipe(cap);
  }

  async readAll(file: ArchiveFile, max: number): Promise<Buffer> {
    if (file.size > max) refuse(`${JSON.stringify(file.name)} is larger than the limit of ${max} bytes for its kind`);
    const chunks: Buffer[] = [];
    for await (const chunk of await this.stream(file)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** The file closes once yauzl lets go of it, after the last content stream has ended. */
  close(): void {
    this.zip.close();
  }
}
