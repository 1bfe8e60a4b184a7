import { createRequire } from 'node:module';
import path from 'node:path';
import { ExtractError } from './errors.js';

import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';

type PdfJs = typeof PdfJsModule;
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

let pdfjs: Promise<PdfJs> | undefined;
const load = (): Promise<PdfJs> => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

function standardFonts(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep;
}

/** Opens a PDF with everything that could run code or reach out switched off. */
export async function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
  const lib = await load();
  const task = lib.getDocument({
    data: bytes,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    disableAutoFetch: true,
    disableStream: true,
    stopAtErrors: false,
    verbosity: 0,
    standardFontDataUrl: standardFonts(),
  });
  try {
    return await task.promise;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'PasswordException') throw new ExtractError('failed', 'The PDF is encrypted with a password.');
    const message = error instanceof Error ? error.message : String(error);
    throw new ExtractError('failed', `Not a readable PDF: ${message}`);
  }
}

/** The page's text layer, lines kept where the PDF ends them. */
export async function pageText(page: PdfPage): Promise<string> {
  const content = await page.getTextContent();
  let text = '';
  for (const item of content.items) {
    if (!('str' in item)) continue;
    text += item.str;
    text += item.hasEOL ? '\n' : item.str.length > 0 && !item.str.endsWith(' ') ? ' ' : '';
  }
  return text;
}

/**
 * Draws a page at `dpi` into a PNG for OCR (through @napi-rs/canvas, which pdfjs uses in
 * Node); the caller has checked the pixel count.
 */
export async function renderPage(page: PdfPage, dpi: number): Promise<Buffer> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const viewport = page.getViewport({ scale: dpi / 72 });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  // pdfjs types its canvas as the DOM's; @napi-rs/canvas is the Node stand-in pdfjs itself uses.
  const params = { canvas, canvasContext: context, viewport } as unknown as Parameters<PdfPage['render']>[0];
  await page.render(params).promise;
  return canvas.toBuffer('image/png');
}

export function pagePixels(page: PdfPage, dpi: number): number {
  const viewport = page.getViewport({ scale: dpi / 72 });
  return Math.ceil(viewport.width) * Math.ceil(viewport.height);
}
