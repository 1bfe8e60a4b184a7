import type { TFunction } from 'i18next';

const BYTE_UNITS = ['kilobyte', 'megabyte', 'gigabyte'] as const;

/**
 * A size in the interface language: whole bytes through the plural rules ("1 byte",
 * "565 bytes", "565 байт"), larger sizes in KB/MB/GB with one decimal, the number in the
 * locale's own digits and separators.
 */
export function formatBytes(bytes: number, t: TFunction, locale: string): string {
  if (bytes < 1024) return t('units.byte', { count: bytes, value: new Intl.NumberFormat(locale).format(bytes) });
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
  return t(`units.${BYTE_UNITS[unit] ?? 'gigabyte'}`, { value: number });
}

/** A language code (en, ru, zh-TW) by its name in the interface language; the code itself if unknown. */
export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Items joined as the language lists them ("a, b and c", "a、b和c"). */
export function formatList(items: readonly string[], locale: string): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}

/** Counted parts ("3 new", "1 conflict") joined with the language's list separators. */
export function countedParts(t: TFunction, locale: string, parts: readonly (readonly [string, number])[]): string {
  return new Intl.ListFormat(locale, { style: 'narrow', type: 'conjunction' }).format(parts.map(([key, count]) => t(`counts.${key}`, { count })));
}
