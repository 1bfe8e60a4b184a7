import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type ExtractLimits } from '../../electron/extract/limits.js';
import { ExtractError } from '../../electron/extract/errors.js';
import { readFileText, type ReadResult } from '../../electron/extract/read-file.js';
import { imageSize } from '../../electron/extract/image-header.js';
import { sniffType } from '../../electron/extract/sniff.js';
import { docx, encryptedPdf, hugePngHeader, malformedPdf, manyPagesPdf, odt, pdfBomb, textPdf } from '../support/extract-files.js';

const limits: ExtractLimits = { ...DEFAULT_LIMITS, maxInflated: 16 * 1024 * 1024 };

function read(bytes: Buffer, name: string): Promise<ReadResult> {
  return readFileText({ bytes, name, languages: ['eng'], limits }, null);
}

async function problem(bytes: Buffer, name: string): Promise<ExtractError> {
  try {
    await read(bytes, name);
  } catch (error) {
    if (error instanceof ExtractError) return error;
    throw error;
  }
  throw new Error('The file was read.');
}

describe('reading attached files', () => {
  it('reads a PDF text layer page by page, whatever the pages say', async () => {
    const pdf = await textPdf(['Carding the wool', 'Spinning the yarn', 'Fulling the cloth in a stocks mill', 'Napping', 'Shearing']);
    const result = await read(pdf, 'process.pdf');
    expect(result.detectedType).toBe('application/pdf');
    expect(result.pageCount).toBe(5);
    expect(result.pages.map((p) => [p.page, p.text, p.method])).toEqual([
      [1, 'Carding the wool', 'text'],
      [2, 'Spinning the yarn', 'text'],
      [3, 'Fulling the cloth in a stocks mill', 'text'],
      [4, 'Napping', 'text'],
      [5, 'Shearing', 'text'],
    ]);
  });

  it('reads DOCX paragraphs, ODT without expanding its entities, HTML without scripts, SVG text, CSV and Markdown', async () => {
    expect((await read(await docx(['Валяние сукна', 'Second paragraph']), 'report.docx')).pages[0]?.text).toBe('Валяние сукна\n\nSecond paragraph');
    const laughs = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
      <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">
      <office:body><office:text><text:h>缩绒</text:h><text:p>Steam &amp; press<text:s text:c="2"/>&c;</text:p></office:text></office:body></office:document-content>`;
    const fromOdt = await read(await odt(laughs), 'notes.odt');
    expect(fromOdt.detectedType).toBe('application/vnd.oasis.opendocument.text');
    expect(fromOdt.pages[0]?.text).toBe('缩绒\nSteam & press &c;');
    const html =
      '<!doctype html><html><head><title>Press</title><script>alert("x")</script><style>p{}</style></head><body><p>Hot &amp; cold</p><div>pressing</div></body></html>';
    expect((await read(Buffer.from(html), 'page.txt')).pages[0]?.text).toBe('Press\n\nHot & cold\n\npressing');
    const svg = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><rect/><text x="1">Roller <tspan>A</tspan></text><text>шов</text></svg>';
    const fromSvg = await read(Buffer.from(svg), 'drawing.svg');
    expect([fromSvg.detectedType, fromSvg.pages[0]?.text]).toEqual(['image/svg+xml', 'Roller A\nшов']);
    expect((await read(Buffer.from('\uFEFFpart,count\nroller,3\n'), 'parts.csv')).detectedType).toBe('text/csv');
    expect((await read(Buffer.from('# Title\n\nBody'), 'a.md')).pages[0]?.text).toBe('# Title\n\nBody');
  });

  it('sniffs the type from the bytes when the name lies', async () => {
    const pdf = await textPdf(['I am really a PDF']);
    const result = await read(pdf, 'photo.png');
    expect([result.detectedType, result.pages[0]?.text]).toEqual(['application/pdf', 'I am really a PDF']);
    expect(sniffType(hugePngHeader(10, 10), 'report.pdf')).toBe('image/png');
    expect(sniffType(Buffer.from([0, 1, 2, 3, 0xff, 0, 0x80]), 'notes.txt')).toBe('application/octet-stream');
    expect((await problem(Buffer.from([0, 1, 2, 3, 0xff, 0, 0x80]), 'notes.txt')).state).toBe('unsupported');
  });

  it('marks an encrypted PDF and a malformed PDF failed, with a reason', async () => {
    const encrypted = await problem(encryptedPdf(), 'secret.pdf');
    expect([encrypted.state, encrypted.message, encrypted.detectedType]).toEqual(['failed', 'The PDF is encrypted with a password.', 'application/pdf']);
    const malformed = await problem(malformedPdf(), 'broken.pdf');
    expect(malformed.state).toBe('failed');
    expect(malformed.message).toMatch(/^Not a readable PDF/);
  });

  it('refuses a PDF of 10,000 pages by its page count, before reading any page', async () => {
    const started = Date.now();
    const error = await problem(manyPagesPdf(10_000), 'huge.pdf');
    expect([error.state, error.message]).toEqual(['too-large', 'The PDF has 10,000 pages; Ratio reads at most 2,000.']);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('stops compression bombs in a PDF stream and in a DOCX before they fill memory', async () => {
    const pdf = await problem(pdfBomb(64 * 1024 * 1024), 'bomb.pdf');
    expect([pdf.state, pdf.message]).toEqual(['too-large', "The PDF's compressed streams inflate to more than 16 MB."]);
    const word = await problem(await docx(['hello'], 64 * 1024 * 1024), 'bomb.docx');
    expect([word.state, word.message]).toEqual(['too-large', 'The archive inflates to more than 16 MB.']);
  }, 30_000);

  it('refuses a 100-megapixel image from its header, without decoding it', async () => {
    const png = hugePngHeader(10_000, 10_000);
    expect(imageSize(png, 'image/png')).toEqual({ width: 10_000, height: 10_000 });
    const error = await problem(png, 'plan.png');
    expect([error.state, error.message]).toEqual(['too-large', 'The image is 10000 × 10000 (100 megapixels); Ratio reads at most 50.']);
  });

  it('reads image sizes from JPEG, TIFF and WebP headers', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0, 0, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0x2c, 0x02, 0x58, 0x03]);
    expect(imageSize(jpeg, 'image/jpeg')).toEqual({ width: 600, height: 300 });
    const tiff = Buffer.alloc(64);
    tiff.write('II*\0', 0, 'latin1');
    tiff.writeUInt32LE(8, 4);
    tiff.writeUInt16LE(2, 8);
    [
      [256, 3, 7000],
      [257, 4, 9000],
    ].forEach(([tag, type, value], i) => {
      const at = 10 + i * 12;
      tiff.writeUInt16LE(tag!, at);
      tiff.writeUInt16LE(type!, at + 2);
      tiff.writeUInt32LE(1, at + 4);
      if (type === 3) tiff.writeUInt16LE(value!, at + 8);
      else tiff.writeUInt32LE(value!, at + 8);
    });
    expect(imageSize(tiff, 'image/tiff')).toEqual({ width: 7000, height: 9000 });
    const webp = Buffer.alloc(30);
    webp.write('RIFF', 0, 'latin1');
    webp.write('WEBPVP8X', 8, 'latin1');
    webp.writeUIntLE(4999, 24, 3);
    webp.writeUIntLE(2999, 27, 3);
    expect(imageSize(webp, 'image/webp')).toEqual({ width: 5000, height: 3000 });
  });
});
