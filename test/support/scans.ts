import { chromium, type Browser } from 'playwright';

/** Known text per language, as a clean scan would show it (the OCR tests and bench:extract read it back). */
export const SCAN_TEXTS = {
  en: 'The fulling mill beats the woollen cloth with wooden hammers until the fibres felt together. Warm soapy water speeds the process and the cloth shrinks by a quarter.',
  ru: 'Сукновальная машина бьёт шерстяное сукно деревянными молотами, пока волокна не свалятся. Тёплая мыльная вода ускоряет процесс, а сукно садится на четверть.',
  zh: '缩绒机用木槌反复捶打羊毛织物，直到纤维互相毡合。温热的肥皂水可以加快这一过程，织物会收缩四分之一。',
} as const;
export type ScanLanguage = keyof typeof SCAN_TEXTS;

const FONTS: Record<ScanLanguage, string> = {
  en: '"DejaVu Serif", "Liberation Serif", serif',
  ru: '"DejaVu Serif", "Liberation Serif", serif',
  zh: '"Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "AR PL UMing CN", sans-serif',
};

/**
 * A page of `text` as a 300-dpi scan: 12-point type on white, drawn by Chromium at
 * 300/96 device pixels per CSS pixel and screenshot to PNG.
 */
export async function renderScan(browser: Browser, text: string, language: ScanLanguage, widthInches = 6.5): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: Math.round(widthInches * 96), height: 200 }, deviceScaleFactor: 300 / 96 });
  try {
    const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    await page.setContent(
      `<!doctype html><html lang="${language}"><body style="margin:24px;background:#fff;color:#000;font:12pt/1.5 ${FONTS[language]}"><p id="t">${escaped}</p></body></html>`,
    );
    await page.evaluate('document.fonts.ready');
    return await page.screenshot({ fullPage: true, type: 'png' });
  } finally {
    await page.close();
  }
}

export function launchScanner(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.RATIO_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** Character error rate: edit distance between the texts, ignoring whitespace, over the reference's length. */
export function characterErrorRate(reference: string, read: string): number {
  const a = [...reference.replace(/\s+/g, '')];
  const b = [...read.replace(/\s+/g, '')];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return a.length === 0 ? 0 : (previous[b.length] ?? 0) / a.length;
}
