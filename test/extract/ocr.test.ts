import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findResourcesDir } from '../../electron/core/resources.js';
import { DEFAULT_LIMITS } from '../../electron/extract/limits.js';
import { OcrEngines, ocrLanguages } from '../../electron/extract/ocr.js';
import { readFileText } from '../../electron/extract/read-file.js';
import { characterErrorRate, launchScanner, renderScan, SCAN_TEXTS, type ScanLanguage } from '../support/scans.js';
import { scannedPdf } from '../support/extract-files.js';
import { cleanupTemp, tempDir } from '../helpers.js';

const tessdata = path.join(findResourcesDir(), 'tessdata');
let browser: Browser;
let engines: OcrEngines;
const scans = new Map<ScanLanguage, Buffer>();

beforeAll(async () => {
  browser = await launchScanner();
  for (const language of ['en', 'ru', 'zh'] as const) scans.set(language, await renderScan(browser, SCAN_TEXTS[language], language));
  engines = new OcrEngines(tessdata);
}, 60_000);
afterAll(async () => {
  await engines.close();
  await browser.close();
  cleanupTemp();
});

const limits = DEFAULT_LIMITS;

describe('OCR of scans', () => {
  it('chooses page languages from the entry, then the catalogue, only ones with data', () => {
    expect(ocrLanguages(['ru', 'en', 'ru-RU', 'de', 'zh'])).toEqual(['rus', 'eng', 'chi_sim']);
    expect(ocrLanguages(['de'])).toEqual(['eng']);
  });

  it.each([
    ['en', 'eng', 0.05],
    ['ru', 'rus', 0.05],
    ['zh', 'chi_sim', 0.1],
  ] as const)(
    'reads a clean 300-dpi %s scan within the error target',
    async (language, tesseract, target) => {
      const result = await readFileText({ bytes: scans.get(language)!, name: 'scan.png', languages: [tesseract], limits }, engines);
      const page = result.pages[0]!;
      expect([result.detectedType, page.method, page.language]).toEqual(['image/png', 'ocr', tesseract]);
      expect(page.confidence).toBeGreaterThan(50);
      expect(characterErrorRate(SCAN_TEXTS[language], page.text)).toBeLessThanOrEqual(target);
    },
    60_000,
  );

  it('renders a PDF page without a text layer and reads it by OCR, keeping text pages as they are', async () => {
    const pdf = await scannedPdf([scans.get('ru')!]);
    const result = await readFileText({ bytes: pdf, name: 'scan.pdf', languages: ['rus'], limits }, engines);
    expect(result.pages).toHaveLength(1);
    expect(result.pages[0]?.method).toBe('ocr');
    expect(characterErrorRate(SCAN_TEXTS.ru, result.pages[0]!.text)).toBeLessThanOrEqual(0.05);
  }, 60_000);

  it('reads a JPEG and a WebP scan too', async () => {
    const page = await browser.newPage({ viewport: { width: 624, height: 200 }, deviceScaleFactor: 300 / 96 });
    await page.setContent(`<p style="font:12pt serif;margin:24px">${SCAN_TEXTS.en}</p>`);
    const jpeg = await page.screenshot({ type: 'jpeg', quality: 90, fullPage: true });
    await page.close();
    const { loadImage, createCanvas } = await import('@napi-rs/canvas');
    const image = await loadImage(scans.get('en')!);
    const canvas = createCanvas(image.width, image.height);
    canvas.getContext('2d').drawImage(image, 0, 0);
    const webp = canvas.toBuffer('image/webp');
    for (const [bytes, type] of [
      [jpeg, 'image/jpeg'],
      [webp, 'image/webp'],
    ] as const) {
      const result = await readFileText({ bytes, name: 'scan.bin', languages: ['eng'], limits }, engines);
      expect(result.detectedType).toBe(type);
      expect(characterErrorRate(SCAN_TEXTS.en, result.pages[0]!.text)).toBeLessThanOrEqual(0.05);
    }
  }, 60_000);

  it('loads the language data from resources/tessdata and never reaches the network', async () => {
    const dir = tempDir();
    const image = path.join(dir, 'scan.png');
    fs.writeFileSync(image, scans.get('en')!);
    const log = path.join(dir, 'net.log');
    const root = path.resolve(import.meta.dirname, '../..');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--import', path.join(root, 'test/support/block-network.mjs'), path.join(root, 'test/support/ocr-offline.ts'), image, tessdata],
      { cwd: root, env: { ...process.env, RATIO_NET_LOG: log }, timeout: 60_000 },
    );
    const result = JSON.parse(stdout) as { text: string };
    expect(characterErrorRate(SCAN_TEXTS.en, result.text)).toBeLessThanOrEqual(0.05);
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
    // The blocker ran in the process and in Tesseract's worker thread, and nothing tried to connect.
    expect(lines.filter((l) => l.startsWith('loaded')).length).toBeGreaterThanOrEqual(2);
    expect(lines.filter((l) => l.startsWith('attempt'))).toEqual([]);
    // Nothing was cached in the working folder either.
    expect(fs.readdirSync(root).filter((f) => f.endsWith('.traineddata'))).toEqual([]);
  }, 90_000);
});
