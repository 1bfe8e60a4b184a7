// npm run bench:extract: text-layer PDF pages/s and OCR pages/s through the worker pool,
// OCR character error rate per language on clean 300-dpi Chromium scans, peak memory per worker,
// and the library's keystroke latency in Chromium with and without an OCR run going (BENCH_KEYSTROKE_OCR_PAGES scans).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findResourcesDir } from '../../electron/core/resources.js';
import { ExtractPool } from '../../electron/extract/pool.js';
import type { OcrLanguage } from '../../electron/extract/ocr.js';
import { textPdf } from '../support/extract-files.js';
import { characterErrorRate, launchScanner, renderScan, SCAN_TEXTS, type ScanLanguage } from '../support/scans.js';
import { keystrokesDuringOcr } from './keystrokes-during-ocr.js';

const PDF_PAGES = Number(process.env.BENCH_PDF_PAGES ?? 500);
const OCR_PAGES_PER_LANGUAGE = Number(process.env.BENCH_OCR_PAGES ?? 2);
const KEYSTROKE_OCR_PAGES = Number(process.env.BENCH_KEYSTROKE_OCR_PAGES ?? 9);
const TESSERACT: Record<ScanLanguage, OcrLanguage> = { en: 'eng', ru: 'rus', zh: 'chi_sim' };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-bench-extract-'));
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const ms = (values: readonly number[], p: number) => `${percentile(values, p).toFixed(0)} ms`;

async function main(): Promise<void> {
  const pool = new ExtractPool({ tessdataDir: path.join(findResourcesDir(), 'tessdata') });
  console.log(`workers: ${pool.size} (cores ${os.availableParallelism()})`);
  let peak = 0;

  // Text layer: one PDF of PDF_PAGES pages per worker, read at once; a warm-up first.
  const pdfFile = path.join(dir, 'text.pdf');
  fs.writeFileSync(pdfFile, await textPdf(Array.from({ length: PDF_PAGES }, (_, i) => `Page ${i + 1}: the fulling mill beats the cloth with wooden hammers.`)));
  await Promise.all(Array.from({ length: pool.size }, () => pool.read({ path: pdfFile, name: 'warm.pdf', languages: ['eng'] })));
  let started = performance.now();
  const texts = await Promise.all(Array.from({ length: pool.size }, () => pool.read({ path: pdfFile, name: 'text.pdf', languages: ['eng'] })));
  let seconds = (performance.now() - started) / 1000;
  const pages = texts.reduce((n, o) => n + (o.ok ? o.result.pages.length : 0), 0);
  for (const o of texts) peak = Math.max(peak, o.peakMemory);
  console.log(`text-layer PDF: ${pages} pages in ${seconds.toFixed(2)} s = ${(pages / seconds).toFixed(0)} pages/s (target >= 50)`);

  // OCR: scans per language, each its own file.
  const browser = await launchScanner();
  const files: { file: string; language: ScanLanguage }[] = [];
  for (const language of ['en', 'ru', 'zh'] as const) {
    const png = await renderScan(browser, SCAN_TEXTS[language], language);
    for (let i = 0; i < OCR_PAGES_PER_LANGUAGE; i += 1) {
      const file = path.join(dir, `${language}-${i}.png`);
      fs.writeFileSync(file, png);
      files.push({ file, language });
    }
  }
  started = performance.now();
  const ocr = await Promise.all(files.map((f) => pool.read({ path: f.file, name: 'scan.png', languages: [TESSERACT[f.language]] })));
  seconds = (performance.now() - started) / 1000;
  console.log(`OCR: ${files.length} pages in ${seconds.toFixed(1)} s = ${(files.length / seconds).toFixed(2)} pages/s (first use of each model included)`);
  for (const language of ['en', 'ru', 'zh'] as const) {
    const rates = ocr
      .map((o, i) => ({ o, f: files[i]! }))
      .filter(({ f }) => f.language === language)
      .map(({ o }) => (o.ok ? characterErrorRate(SCAN_TEXTS[language], o.result.pages[0]?.text ?? '') : 1));
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    console.log(`OCR character error rate ${language}: ${(mean * 100).toFixed(1)} % (target <= ${language === 'zh' ? 10 : 5} %)`);
  }
  for (const o of ocr) peak = Math.max(peak, o.peakMemory);
  console.log(`peak memory per worker (JS heap + external, its own isolate; Tesseract's WebAssembly heap runs in its own thread): ${mb(peak)}`);

  if (KEYSTROKE_OCR_PAGES > 0) {
    const k = await keystrokesDuringOcr(browser, dir, KEYSTROKE_OCR_PAGES);
    console.log(
      `library keystroke -> results painted (Chromium, browser host, demo catalogue of ${k.entries} entries; OCR of ${k.ocrPages} scans in ${k.ocrSeconds.toFixed(1)} s on ${pool.size} worker(s) of the app's own pool):`,
    );
    console.log(`  workers idle:   p50 ${ms(k.idle, 50)}, p95 ${ms(k.idle, 95)} (${k.idle.length} keystrokes)`);
    console.log(`  during the OCR: p50 ${ms(k.duringOcr, 50)}, p95 ${ms(k.duringOcr, 95)} (${k.duringOcr.length} keystrokes)`);
  }
  await browser.close();
  await pool.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
