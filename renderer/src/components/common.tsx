import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RatioError } from '../../../shared/errors.js';
import { errorText, fieldName } from '../i18n/error-text.js';
import { plainName } from '../text/bidi.js';

export function Loading(): ReactNode {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status">
      {t('app.loading')}
    </p>
  );
}

/** A failure, said in the interface language (see errorText); `error` is what was caught. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }): ReactNode {
  const { t } = useTranslation();
  return (
    <div className="error" role="alert">
      <strong>{t('app.errorLabel')}</strong> <ErrorText error={error} />{' '}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  );
}

/**
 * The catalogue's own text (titles, names, tags, bodies) as opposed to interface text: it
 * is shown as it was written, in its own language, and the interface-language checks skip it.
 */
export function Data({ children, lang, className }: { children: ReactNode; lang?: string; className?: string }): ReactNode {
  // A partner's name is shown without bidirectional controls and isolated, so it cannot reorder the text around it.
  return (
    <span data-content="" lang={lang} className={className}>
      {typeof children === 'string' ? <bdi>{plainName(children)}</bdi> : children}
    </span>
  );
}

const SLOT = '\u0001';

/**
 * An interface sentence with nodes in its placeholders (`History of “{{title}}”` with the
 * title as <Data>): the translation decides where each value goes, the value stays a node.
 */
export function Sentence({ k, values, count }: { k: string; values: Record<string, ReactNode>; count?: number }): ReactNode {
  const { t } = useTranslation();
  const options: Record<string, string | number> = Object.fromEntries(Object.keys(values).map((name) => [name, `${SLOT}${name}${SLOT}`]));
  if (count !== undefined) options.count = count;
  const text = t(k, options);
  return text.split(SLOT).map((part, i) => (i % 2 === 1 ? <Fragment key={i}>{values[part]}</Fragment> : part));
}

export function formatDate(iso: string, locale: string): string {
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: iso.length === 10 ? 'UTC' : undefined }).format(date);
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
}

/** Values of a detail that are the interface's own words (field names, query syntax), not something the person typed. */
const INTERFACE_PARAMS = new Set(['field', 'fields', 'syntax', 'operator']);

/**
 * What went wrong, in the interface language (errorText), with what the person typed or
 * named — a tag, a word of the query — kept as data inside the sentence.
 */
export function ErrorText({ error }: { error: unknown }): ReactNode {
  const { i18n } = useTranslation();
  const detail = error instanceof RatioError ? error.detail : undefined;
  if (!detail || !i18n.exists(`errors.${detail.key}`)) return errorText(error, i18n);
  const values: Record<string, ReactNode> = {};
  for (const [name, value] of Object.entries(detail.params ?? {})) {
    if (name === 'field') values[name] = fieldName(String(value), i18n);
    else if (typeof value === 'string' && !INTERFACE_PARAMS.has(name)) values[name] = <Data>{value}</Data>;
    else values[name] = String(value);
  }
  return <Sentence k={`errors.${detail.key}`} values={values} />;
}
