import type { TFunction } from 'i18next';

/**
 * Counted parts under one key prefix ("3 labels, 1 code"), the zero ones left out, joined
 * as the language lists them; `nothing` under the prefix when every count is zero.
 */
export function countedList(t: TFunction, locale: string, prefix: string, parts: readonly (readonly [string, number])[]): string {
  const said = parts.filter(([, count]) => count > 0).map(([key, count]) => t(`${prefix}.${key}`, { count }));
  if (said.length === 0) return t(`${prefix}.nothing`);
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(said);
}
