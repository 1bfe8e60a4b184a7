import path from 'node:path';
import { createWorker, OEM, type Worker as TesseractWorker } from 'tesseract.js';

/** Tesseract's names for the languages Ratio ships data for. */
export const OCR_LANGUAGES = { en: 'eng', ru: 'rus', zh: 'chi_sim' } as const;
export type OcrLanguage = (typeof OCR_LANGUAGES)[keyof typeof OCR_LANGUAGES];

/** The page languages for an entry: its own first, then the catalogue's, only ones Ratio has data for. */
export function ocrLanguages(languages: readonly string[]): OcrLanguage[] {
  const out: OcrLanguage[] = [];
  for (const code of languages) {
    const base = code.toLowerCase().split(/[-_]/)[0] as keyof typeof OCR_LANGUAGES;
    const name = OCR_LANGUAGES[base];
    if (name !== undefined && !out.includes(name)) out.push(name);
  }
  return out.length > 0 ? out : ['eng'];
}

export interface OcrResult {
  text: string;
  /** Mean word confidence, 0–100. */
  confidence: number;
}

/**
 * One Tesseract engine per set of languages, reused for every page a worker reads in them.
 * The language data is read from Ratio's own resources/tessdata (langPath, uncompressed)
 * and never cached or fetched: with cacheMethod 'none' and a local path tesseract.js
 * reads the files and nothing else.
 */
export class OcrEngines {
  private readonly engines = new Map<string, Promise<TesseractWorker>>();

  constructor(private readonly tessdataDir: string) {}

  private engine(languages: readonly OcrLanguage[]): Promise<TesseractWorker> {
    const key = languages.join('+');
    let engine = this.engines.get(key);
    if (!engine) {
      engine = createWorker([...languages], OEM.LSTM_ONLY, {
        langPath: path.resolve(this.tessdataDir),
        gzip: false,
        cacheMethod: 'none',
        cachePath: '',
        legacyLang: false,
        legacyCore: false,
      });
      this.engines.set(key, engine);
    }
    return engine;
  }

  async recognize(image: Buffer, languages: readonly OcrLanguage[]): Promise<OcrResult> {
    const engine = await this.engine(languages);
    const { data } = await engine.recognize(image);
    return { text: data.text, confidence: Math.max(0, Math.min(100, data.confidence)) };
  }

  async close(): Promise<void> {
    const engines = [...this.engines.values()];
    this.engines.clear();
    await Promise.allSettled(engines.map(async (e) => (await e).terminate()));
  }
}
