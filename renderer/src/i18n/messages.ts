/**
 * The shape every interface language must have, derived from the English messages: the same
 * keys, except that a counted text (`results_one`/`results_other` in English) carries exactly
 * the plural forms its language uses (Intl.PluralRules: Russian one/few/many/other, Chinese
 * other only). A missing key, a stray key or a missing plural form fails to compile.
 */
export const PLURAL_FORMS = {
  en: ['one', 'other'],
  ru: ['one', 'few', 'many', 'other'],
  zh: ['other'],
} as const;

export type PluralLanguage = keyof typeof PLURAL_FORMS;
type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

/** Keys that are not a plural form. */
type PlainKeys<T> = { [K in keyof T]: K extends `${string}_${PluralSuffix}` ? never : K }[keyof T];
/** The counted texts, by the name before `_other`. */
type PluralBases<T> = { [K in keyof T]: K extends `${infer B}_other` ? B : never }[keyof T];

export type MessagesIn<T, L extends PluralLanguage> = {
  [K in PlainKeys<T>]: T[K] extends string ? string : MessagesIn<T[K], L>;
} & {
  [K in `${PluralBases<T> & string}_${(typeof PLURAL_FORMS)[L][number]}`]: string;
};
