/*
 * Languages of concept labels. A label's language is a BCP 47 tag as SKOS gives it
 * ("en", "ru", "zh-Hans"); tags have no language of their own, so when a tag becomes a
 * concept its name is given the language its script suggests.
 */

/** The languages every concept of the demo thesaurus is labelled in, in the order screens show them. */
export const THESAURUS_LANGUAGES = ['en', 'ru', 'zh-Hans'] as const;

/** A BCP 47 tag is at most 35 characters in practice (RFC 5646 § 4.4.1 asks for that much room). */
export const MAX_LANGUAGE_TAG_LENGTH = 35;

const CYRILLIC = /\p{Script=Cyrillic}/u;
const HAN = /\p{Script=Han}/u;

/** The language a tag name or synonym is taken to be in: Cyrillic Russian, Han Simplified Chinese, anything else English. */
export function languageOfScript(text: string): string {
  if (CYRILLIC.test(text)) return 'ru';
  if (HAN.test(text)) return 'zh-Hans';
  return 'en';
}

/**
 * The tag in its canonical case (`zh-hans` → `zh-Hans`, `EN` → `en`), so one language is
 * stored one way; undefined when it is not a well-formed BCP 47 tag.
 */
export function canonicalLanguageTag(raw: string): string | undefined {
  const tag = raw.trim();
  if (tag.length === 0 || tag.length > MAX_LANGUAGE_TAG_LENGTH) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/** The label a concept is shown by when no language is asked for: English, then Russian, Chinese, any other. */
export function displayLabel(prefLabels: Readonly<Record<string, string>>): string {
  for (const lang of THESAURUS_LANGUAGES) {
    const label = prefLabels[lang];
    if (label !== undefined) return label;
  }
  return Object.values(prefLabels).sort()[0] ?? '';
}
