import mammoth from 'mammoth';
import type { PageText } from '../../shared/schemas/attachment-text.js';
import { ExtractError } from './errors.js';
import { imageSize } from './image-header.js';
import type { ExtractLimits } from './limits.js';
import { htmlText, odfText, svgText, tidy } from './markup-text.js';
import type { OcrEngines, OcrLanguage } from './ocr.js';
import { openPdf, pagePixels, pageText, renderPage } from './pdf.js';
import { DOCX, ODT, sniffType, type SniffedType } from './sniff.js';
import { checkPdfStreams } from './pdf-streams.js';
import { zipKind } from './zip-check.js';

/** Scanned pages are drawn at this resolution for OCR. */
export const RENDER_DPI = 300;

export interface ReadRequest {
  bytes: Buffer;
  /** The name it is attached under: only tells text formats apart (CSV, Markdown). */
  name: string;
  languages: readonly OcrLanguage[];
  limits: ExtractLimits;
  /** Pages done of pages known, and the type once sniffed. */
  progress?: (done: number, total: number | null, detectedType: string) => void;
}

export interface ReadResult {
  detectedType: string;
  pages: PageText[];
  pageCount: number;
}

function bounded(text: string, limits: ExtractLimits): string {
  return text.length > limits.maxPageChars ? text.slice(0, limits.maxPageChars) : text;
}

function textPage(text: string, limits: ExtractLimits): PageText {
  return { page: 1, text: bounded(tidy(text), limits), method: 'text', confidence: null, language: null };
}

function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** Tesseract's text, with the line breaks inside paragraphs kept and trailing noise cut. */
function ocrPage(page: number, text: string, confidence: number, languages: readonly OcrLanguage[], limits: ExtractLimits): PageText {
  return { page, text: bounded(tidy(text), limits), method: 'ocr', confidence: Math.round(confidence * 10) / 10, language: languages.join('+') };
}

async function readPdf(request: ReadRequest, ocr: OcrEngines | null): Promise<ReadResult> {
  const { limits } = request;
  const type = 'application/pdf';
  checkPdfStreams(request.bytes, limits.maxInflated);
  const doc = await openPdf(new Uint8Array(request.bytes));
  try {
    const count = doc.numPages;
    if (count > limits.maxPages)
      throw new ExtractError('too-large', `The PDF has ${count.toLocaleString('en')} pages; Ratio reads at most ${limits.maxPages.toLocaleString('en')}.`);
    request.progress?.(0, count, type);
    const pages: PageText[] = [];
    for (let n = 1; n <= count; n += 1) {
      const page = await doc.getPage(n);
      const text = tidy(await pageText(page));
      if (text.length > 0 || ocr === null) {
        pages.push({ page: n, text: bounded(text, limits), method: 'text', confidence: null, language: null });
      } else if (pagePixels(page, RENDER_DPI) > limits.maxPixels) {
        pages.push({ page: n, text: '', method: 'text', confidence: null, language: null });
      } else {
        // No text layer: a scanned page, read from its picture.
        const image = await renderPage(page, RENDER_DPI);
        const result = await ocr.recognize(image, request.languages);
        pages.push(ocrPage(n, result.text, result.confidence, request.languages, limits));
      }
      page.cleanup();
      request.progress?.(n, count, type);
    }
    return { detectedType: type, pages, pageCount: count };
  } finally {
    await doc.destroy();
  }
}

async function readImage(request: ReadRequest, type: string, ocr: OcrEngines | null): Promise<ReadResult> {
  const size = imageSize(request.bytes, type);
  if (!size) throw new ExtractError('failed', 'The image header cannot be read.');
  const pixels = size.width * size.height;
  if (pixels > request.limits.maxPixels) {
    throw new ExtractError(
      'too-large',
      `The image is ${size.width} × ${size.height} (${Math.round(pixels / 1e6)} megapixels); Ratio reads at most ${Math.round(request.limits.maxPixels / 1e6)}.`,
    );
  }
  if (ocr === null) throw new ExtractError('unsupported', 'Reading images needs OCR, which is switched off.');
  request.progress?.(0, 1, type);
  const result = await ocr.recognize(request.bytes, request.languages);
  return { detectedType: type, pages: [ocrPage(1, result.text, result.confidence, request.languages, request.limits)], pageCount: 1 };
}

/**
 * Reads the text of one file, whatever its name says: the type is sniffed from the bytes,
 * then the reader for that type runs within the request's limits. Throws ExtractError with
 * the state to record when the file cannot be read.
 */
export async function readFileText(request: ReadRequest, ocr: OcrEngines | null): Promise<ReadResult> {
  const sniffed = sniffType(request.bytes, request.name);
  try {
    return await readAs(sniffed, request, ocr);
  } catch (error) {
    if (error instanceof ExtractError && error.detectedType === null) error.detectedType = sniffed;
    throw error;
  }
}

async function readAs(sniffed: SniffedType, request: ReadRequest, ocr: OcrEngines | null): Promise<ReadResult> {
  const single = (detectedType: string, text: string): ReadResult => ({ detectedType, pages: [textPage(text, request.limits)], pageCount: 1 });
  switch (sniffed) {
    case 'application/pdf':
      return readPdf(request, ocr);
    case 'image/png':
    case 'image/jpeg':
    case 'image/tiff':
    case 'image/webp':
      return readImage(request, sniffed, ocr);
    case 'application/zip': {
      const { kind, entries } = await zipKind(request.bytes, request.limits.maxInflated);
      if (kind === 'odt') return single(ODT, odfText(entries.get('content.xml')?.toString('utf8') ?? ''));
      if (kind === 'docx') {
        request.progress?.(0, 1, DOCX);
        try {
          const { value } = await mammoth.extractRawText({ buffer: request.bytes });
          return single(DOCX, value);
        } catch (error) {
          throw new ExtractError('failed', `Not a readable DOCX: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      throw new ExtractError('unsupported', 'A zip archive that is neither a DOCX nor an ODT document.');
    }
    case 'text/html':
      return single(sniffed, htmlText(decodeText(request.bytes)));
    case 'image/svg+xml':
      return single(sniffed, svgText(decodeText(request.bytes)));
    case 'text/csv':
    case 'text/markdown':
    case 'text/plain':
      return single(sniffed, decodeText(request.bytes));
    default:
      throw new ExtractError('unsupported', 'Ratio cannot read text from this kind of file.');
  }
}
