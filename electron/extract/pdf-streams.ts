import zlib from 'node:zlib';
import { ExtractError } from './errors.js';

const STREAM = Buffer.from('stream');
const END = Buffer.from('endstream');

/**
 * Inflates every Flate stream of a PDF once, within a budget, before pdfjs sees the file:
 * pdfjs keeps a decoded stream in one growing buffer outside the JavaScript heap, which a
 * worker's heap limit does not bound, so a small PDF whose stream inflates to gigabytes
 * must be stopped here. Streams cannot sit inside object streams, so a scan of the raw
 * bytes finds them all; ones that do not inflate (encrypted, other filters) are pdfjs's
 * business. Throws too-large when the budget runs out.
 */
export function checkPdfStreams(bytes: Buffer, budget: number): number {
  let inflated = 0;
  let at = 0;
  for (;;) {
    const start = bytes.indexOf(STREAM, at);
    if (start < 0) break;
    // "endstream" contains "stream": skip it, and take only the keyword followed by EOL.
    if (start >= 3 && bytes.subarray(start - 3, start).toString('latin1') === 'end') {
      at = start + STREAM.length;
      continue;
    }
    let dataStart = start + STREAM.length;
    if (bytes[dataStart] === 0x0d) dataStart += 1;
    if (bytes[dataStart] !== 0x0a) {
      at = dataStart;
      continue;
    }
    dataStart += 1;
    const end = bytes.indexOf(END, dataStart);
    if (end < 0) break;
    const dictionary = bytes.subarray(Math.max(0, start - 512), start).toString('latin1');
    const dictStart = dictionary.lastIndexOf('<<');
    if (dictStart >= 0 && /\/FlateDecode\b/.test(dictionary.slice(dictStart))) {
      try {
        const out = zlib.inflateSync(bytes.subarray(dataStart, end), {
          maxOutputLength: Math.max(1, budget - inflated),
          finishFlush: zlib.constants.Z_SYNC_FLUSH,
        });
        inflated += out.length;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          throw new ExtractError('too-large', `The PDF's compressed streams inflate to more than ${Math.round(budget / 1048576)} MB.`);
        }
        // Not plain Flate data (encrypted, damaged): pdfjs decides what it makes of it.
      }
    }
    at = end + END.length;
  }
  return inflated;
}
