import fs from 'node:fs';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** Small reads (the central directory, local headers) are served from windows of this size. */
const WINDOW = 1024 * 1024;
/** File contents are read in chunks of this size. */
export const CHUNK = 1024 * 1024;

/**
 * The file access yauzl reads a bundle through. yauzl reads the central directory one
 * record at a time, two small reads per file; with its default reader each is a system
 * call, so a bundle of 10,000 records cost 20,000 calls before any content was read. Here
 * small reads come from one forward window, and contents stream in large chunks.
 * yauzl counts references (the ZipFile's, and one per open content stream) and closes the
 * file when the last goes; when yauzl cannot read the archive at all, the opener closes it.
 */
export class WindowedReader extends yauzl.RandomAccessReader {
  private window = Buffer.alloc(0);
  private windowStart = 0;
  /** Reads in flight; the descriptor is closed only after they finish, so none reads a reused one. */
  private reading = 0;
  private closing: (() => void) | null = null;

  private constructor(
    private readonly fd: number,
    readonly size: number,
  ) {
    super();
  }

  /** Opens a regular file; a folder fails with EISDIR as reading it would. */
  static async open(file: string): Promise<WindowedReader> {
    const fd = await new Promise<number>((resolve, reject) => fs.open(file, 'r', (error, opened) => (error ? reject(error) : resolve(opened))));
    try {
      const stat = await new Promise<fs.Stats>((resolve, reject) => fs.fstat(fd, (error, stats) => (error ? reject(error) : resolve(stats))));
      if (stat.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read`), { code: 'EISDIR' });
      return new WindowedReader(fd, stat.size);
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
  }

  /** Reads into `buffer` from `position`, directly (for the caller's own windows); resolves with the bytes read. */
  readAt(buffer: Buffer, position: number): Promise<number> {
    return new Promise((resolve, reject) => this.readInto(buffer, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead))));
  }

  /**
   * Reads into `buffer` from `position` at once: for small files read one after another, a
   * read from the page cache costs less than the wait for a thread (busy staging files).
   */
  readAtSync(buffer: Buffer, position: number): number {
    return fs.readSync(this.fd, buffer, 0, buffer.length, position);
  }

  private readInto(buffer: Buffer, position: number, done: (error: Error | null, bytesRead: number) => void): void {
    this.reading += 1;
    fs.read(this.fd, buffer, 0, buffer.length, position, (error, bytesRead) => {
      this.reading -= 1;
      if (this.reading === 0) this.closing?.();
      done(error, bytesRead);
    });
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (error: Error | null, bytesRead?: number) => void): void {
    const copy = (): void => {
      const from = position - this.windowStart;
      const available = Math.max(0, Math.min(length, this.window.length - from));
      this.window.copy(buffer, offset, from, from + available);
      callback(null, available);
    };
    if (position >= this.windowStart && position + length <= this.windowStart + this.window.length) {
      copy();
      return;
    }
    const next = Buffer.allocUnsafe(Math.max(length, Math.min(WINDOW, this.size - position)));
    this.readAt(next, position).then(
      (bytesRead) => {
        this.window = next.subarray(0, bytesRead);
        this.windowStart = position;
        copy();
      },
      (error: Error) => callback(error),
    );
  }

  /** yauzl destroys the stream when it is done with it; that must not close the shared descriptor, as fs streams do. */
  override _readStreamForRange(start: number, end: number): Readable {
    let position = start;
    const readInto = this.readInto.bind(this);
    return new Readable({
      highWaterMark: CHUNK,
      read(): void {
        const length = Math.min(CHUNK, end - position);
        if (length <= 0) {
          this.push(null);
          return;
        }
        const buffer = Buffer.allocUnsafe(length);
        readInto(buffer, position, (error, bytesRead) => {
          if (error) this.destroy(error);
          else if (bytesRead === 0) this.push(null);
          else {
            position += bytesRead;
            this.push(bytesRead === length ? buffer : buffer.subarray(0, bytesRead));
          }
        });
      },
    });
  }

  override close(callback: (error: Error | null) => void): void {
    const close = (): void => {
      this.closing = null;
      fs.close(this.fd, (error) => callback(error));
    };
    if (this.reading === 0) close();
    else this.closing = close;
  }
}
