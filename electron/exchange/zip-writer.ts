import fs from 'node:fs';
import zlib from 'node:zlib';

/*
 * A small zip writer for bundles: stored and deflate entries, ZIP64 where sizes, offsets or
 * the entry count need it, no data descriptors (every local header carries its real CRC and
 * sizes). Output is gathered into large writes, so a bundle of 10,000 small records costs a
 * handful of system calls instead of tens of thousands of stream callbacks.
 */

const FLUSH_AT = 4 * 1024 * 1024;
const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
const FLAG_UTF8 = 0x0800;
const VERSION_DEFAULT = 20;
const VERSION_ZIP64 = 45;
/** Made by Unix (3), spec 6.3, so the external attributes carry a Unix mode. */
const MADE_BY = (3 << 8) | 63;
const REGULAR_FILE = (0o100644 << 16) >>> 0;

interface CentralRecord {
  name: Buffer;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

function dosDateTime(date: Date): { date: number; time: number } {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
  };
}

export class ZipWriter {
  private offset = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly central: CentralRecord[] = [];
  private readonly stamp: { date: number; time: number };

  private constructor(
    private readonly handle: fs.promises.FileHandle,
    mtime: Date,
  ) {
    this.stamp = dosDateTime(mtime);
  }

  static async create(file: string, mtime: Date): Promise<ZipWriter> {
    return new ZipWriter(await fs.promises.open(file, 'w'), mtime);
  }

  private push(bytes: Buffer): void {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    this.offset += bytes.length;
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const chunk = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    await this.handle.write(chunk, 0, chunk.length);
  }

  private async maybeFlush(): Promise<void> {
    if (this.pendingBytes >= FLUSH_AT) await this.flush();
  }

  private localHeader(name: Buffer, method: number, crc: number, compressedSize: number, size: number): Buffer {
    const zip64 = size >= MAX32 || compressedSize >= MAX32;
    const extra = zip64 ? Buffer.alloc(20) : Buffer.alloc(0);
    if (zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(16, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(compressedSize), 12);
    }
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_DEFAULT, 4);
    header.writeUInt16LE(FLAG_UTF8, 6);
    header.writeUInt16LE(method, 8);
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    header.writeUInt32LE(crc >>> 0, 14);
    header.writeUInt32LE(zip64 ? MAX32 : compressedSize, 18);
    header.writeUInt32LE(zip64 ? MAX32 : size, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(extra.length, 28);
    return Buffer.concat([header, name, extra]);
  }

  /** Adds bytes held in memory, deflated at `level` unless that does not make them smaller. */
  async addBuffer(path: string, data: Buffer, level: number | null): Promise<void> {
    const name = Buffer.from(path, 'utf8');
    let method = 0;
    let payload = data;
    if (level !== null && data.length > 0) {
      const deflated = zlib.deflateRawSync(data, { level });
      if (deflated.length < data.length) {
        method = 8;
        payload = deflated;
      }
    }
    const crc = zlib.crc32(data);
    this.central.push({ name, method, crc, compressedSize: payload.length, size: data.length, offset: this.offset });
    this.push(this.localHeader(name, method, crc, payload.length, data.length));
    this.push(payload);
    await this.maybeFlush();
  }

  /**
   * Adds a file stored as is, streamed in chunks; `onChunk` sees every chunk (to hash it)
   * and `check` runs before the entry is recorded. The CRC is written into the local header
   * once the file has been read.
   */
  async addStoredFile(path: string, file: string, size: number, onChunk: (chunk: Buffer) => void, check: (read: number) => void): Promise<void> {
    const name = Buffer.from(path, 'utf8');
    const headerOffset = this.offset;
    this.push(this.localHeader(name, 0, 0, size, size));
    await this.flush();
    const source = await fs.promises.open(file, 'r');
    let crc = 0;
    let read = 0;
    try {
      const buffer = Buffer.allocUnsafe(1024 * 1024);
      for (;;) {
        const { bytesRead } = await source.read(buffer, 0, buffer.length, read);
        if (bytesRead === 0) break;
        const chunk = buffer.subarray(0, bytesRead);
        read += bytesRead;
        if (read > size) break;
        onChunk(chunk);
        crc = zlib.crc32(chunk, crc);
        await this.handle.write(chunk, 0, bytesRead);
        this.offset += bytesRead;
      }
    } finally {
      await source.close();
    }
    check(read);
    const crcBytes = Buffer.alloc(4);
    crcBytes.writeUInt32LE(crc >>> 0);
    await this.handle.write(crcBytes, 0, 4, headerOffset + 14);
    this.central.push({ name, method: 0, crc, compressedSize: size, size, offset: headerOffset });
  }

  /** Writes the central directory and closes the file. */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const entry of this.central) {
      const zip64Fields: number[] = [];
      if (entry.size >= MAX32) zip64Fields.push(entry.size);
      if (entry.compressedSize >= MAX32) zip64Fields.push(entry.compressedSize);
      if (entry.offset >= MAX32) zip64Fields.push(entry.offset);
      const extra = Buffer.alloc(zip64Fields.length > 0 ? 4 + 8 * zip64Fields.length : 0);
      if (zip64Fields.length > 0) {
        extra.writeUInt16LE(0x0001, 0);
        extra.writeUInt16LE(8 * zip64Fields.length, 2);
        zip64Fields.forEach((v, i) => extra.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
      }
      const record = Buffer.alloc(46);
      record.writeUInt32LE(0x02014b50, 0);
      record.writeUInt16LE(MADE_BY, 4);
      record.writeUInt16LE(zip64Fields.length > 0 ? VERSION_ZIP64 : VERSION_DEFAULT, 6);
      record.writeUInt16LE(FLAG_UTF8, 8);
      record.writeUInt16LE(entry.method, 10);
      record.writeUInt16LE(this.stamp.time, 12);
      record.writeUInt16LE(this.stamp.date, 14);
      record.writeUInt32LE(entry.crc >>> 0, 16);
      record.writeUInt32LE(Math.min(entry.compressedSize, MAX32), 20);
      record.writeUInt32LE(Math.min(entry.size, MAX32), 24);
      record.writeUInt16LE(entry.name.length, 28);
      record.writeUInt16LE(extra.length, 30);
      record.writeUInt32LE(REGULAR_FILE, 38);
      record.writeUInt32LE(Math.min(entry.offset, MAX32), 42);
      this.push(Buffer.concat([record, entry.name, extra]));
      await this.maybeFlush();
    }
    const size = this.offset - start;
    const count = this.central.length;
    if (count >= MAX16 || size >= MAX32 || start >= MAX32) {
      const zip64End = this.offset;
      const record = Buffer.alloc(56);
      record.writeUInt32LE(0x06064b50, 0);
      record.writeBigUInt64LE(44n, 4);
      record.writeUInt16LE(VERSION_ZIP64, 12);
      record.writeUInt16LE(VERSION_ZIP64, 14);
      record.writeBigUInt64LE(BigInt(count), 24);
      record.writeBigUInt64LE(BigInt(count), 32);
      record.writeBigUInt64LE(BigInt(size), 40);
      record.writeBigUInt64LE(BigInt(start), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeBigUInt64LE(BigInt(zip64End), 8);
      locator.writeUInt32LE(1, 16);
      this.push(record);
      this.push(locator);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Math.min(count, MAX16), 8);
    end.writeUInt16LE(Math.min(count, MAX16), 10);
    end.writeUInt32LE(Math.min(size, MAX32), 12);
    end.writeUInt32LE(Math.min(start, MAX32), 16);
    this.push(end);
    await this.flush();
    await this.handle.close();
  }

  /** Closes the file after a failure; the caller removes it. */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}
