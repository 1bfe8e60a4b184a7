import type { i18n as I18n } from 'i18next';
import { RatioError, type ErrorDetail } from '../../../shared/errors.js';

/** A field named by the core (`title`, `patch.title`'s last step) in the interface language. */
export function fieldName(field: string, i18n: I18n): string {
  if (field === '') return i18n.t('fields.unnamed');
  const key = `fields.${field}`;
  return i18n.exists(key) ? i18n.t(key) : field;
}

/** The detail's sentence in the interface language, or undefined when it has no translation. */
export function detailText(detail: ErrorDetail, i18n: I18n): string | undefined {
  const key = `errors.${detail.key}`;
  if (!i18n.exists(key)) return undefined;
  const params: Record<string, string | number> = { ...detail.params };
  if (typeof params.field === 'string') params.field = fieldName(params.field, i18n);
  return i18n.t(key, params);
}

/**
 * What to tell a person about a failure, in the interface language: the core's detail
 * translated; else, in English, the core's own sentence; else the code's sentence — so a
 * Russian or Chinese interface never shows the core's English.
 */
export function errorText(error: unknown, i18n: I18n): string {
  const english = i18n.language === 'en';
  if (error instanceof RatioError) {
    const translated = error.detail ? detailText(error.detail, i18n) : undefined;
    if (translated !== undefined) return translated;
    return english ? error.message : i18n.t(`errors.codes.${error.code}`);
  }
  if (english && error instanceof Error) return error.message;
  return i18n.t('errors.codes.INTERNAL');
}
