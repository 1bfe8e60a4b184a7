import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntryDetail } from '../../../shared/schemas/entry.js';
import { useTransport } from '../app/context.js';
import { useCall } from '../app/use-call.js';
import { Name } from '../components/Name.js';
import { Data, ErrorMessage, Loading, formatDate } from '../components/common.js';
import { languageName } from '../i18n/format.js';
import { plainName } from '../text/bidi.js';
import { hrefFor } from '../app/router.js';

export interface MergeOutcome {
  keptTitle: string;
  tagsAdded: number;
  attachmentsAdded: number;
  adoptionsMoved: number;
  linksMoved: number;
  undo: string;
}

interface Row {
  key: string;
  label: string;
  /** What is compared to mark a difference. */
  value: (e: EntryDetail) => string;
  show: (e: EntryDetail) => ReactNode;
}

const list = (items: readonly string[]): string => [...items].sort().join('\n');

/**
 * Two candidates side by side, every field in a row and the rows that differ marked; the
 * person picks which to keep and merges, or says they are not duplicates.
 */
export function DuplicateCompare({
  a,
  b,
  onMerged,
  onNotDuplicate,
  onClose,
}: {
  a: string;
  b: string;
  onMerged: (outcome: MergeOutcome) => void;
  onNotDuplicate: () => void;
  onClose: () => void;
}): ReactNode {
  const { t, i18n } = useTranslation();
  const { client } = useTransport();
  const locale = i18n.language;
  const left = useCall('entries.get', { id: a });
  const right = useCall('entries.get', { id: b });
  const [keep, setKeep] = useState<string>(a);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const heading = useRef<HTMLHeadingElement>(null);
  const ready = left.data !== undefined && right.data !== undefined;

  // The comparison opens where the person's attention goes next.
  useEffect(() => {
    if (ready) heading.current?.focus();
  }, [ready]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  if (left.error) return <ErrorMessage error={left.error} onRetry={left.reload} />;
  if (right.error) return <ErrorMessage error={right.error} onRetry={right.reload} />;
  if (!left.data || !right.data) return <Loading />;
  const first = left.data;
  const second = right.data;
  const entries = [first, second] as const;
  const kept = keep === first.id ? first : second;
  const other = kept === first ? second : first;

  const dash = '—';
  const rows: Row[] = [
    { key: 'title', label: t('fields.title'), value: (e) => e.title, show: (e) => <Data lang={e.language}>{e.title}</Data> },
    { key: 'kind', label: t('facets.kind'), value: (e) => e.kind, show: (e) => t(`kinds.${e.kind}`) },
    { key: 'status', label: t('facets.status'), value: (e) => e.status, show: (e) => t(`statuses.${e.status}`) },
    { key: 'language', label: t('entry.language'), value: (e) => e.language, show: (e) => languageName(e.language, locale) },
    {
      key: 'enterprise',
      label: t('entry.enterprise'),
      value: (e) => e.enterprise?.name ?? '',
      show: (e) => (e.enterprise ? <Data>{e.enterprise.name}</Data> : dash),
    },
    {
      key: 'tags',
      label: t('entry.tags'),
      value: (e) => list(e.tags),
      show: (e) =>
        e.tags.length === 0
          ? dash
          : e.tags.map((tag) => (
              <Data key={tag} className="tag">
                {tag}
              </Data>
            )),
    },
    {
      key: 'classification',
      label: t('entry.classification'),
      value: (e) => list(e.classification),
      show: (e) => (e.classification.length === 0 ? dash : <Data>{e.classification.join('; ')}</Data>),
    },
    { key: 'created', label: t('entry.created'), value: (e) => e.createdAt.slice(0, 10), show: (e) => formatDate(e.createdAt, locale) },
    { key: 'updated', label: t('entry.updated'), value: (e) => e.updatedAt.slice(0, 10), show: (e) => formatDate(e.updatedAt, locale) },
    { key: 'summary', label: t('fields.summary'), value: (e) => e.summary, show: (e) => (e.summary ? <Data lang={e.language}>{e.summary}</Data> : dash) },
    {
      key: 'body',
      label: t('fields.body'),
      value: (e) => e.body,
      show: (e) =>
        e.body ? (
          <div className="compare-body" data-content="" lang={e.language}>
            {e.body}
          </div>
        ) : (
          dash
        ),
    },
    {
      key: 'attachments',
      label: t('entry.attachments'),
      value: (e) => list(e.attachments.map((x) => x.name)),
      show: (e) => t('curation.duplicates.attachmentCount', { count: e.attachments.length }),
    },
    {
      key: 'adoptions',
      label: t('entry.adoptions'),
      value: (e) => String(e.adoptions.length),
      show: (e) => t('curation.duplicates.adoptionCount', { count: e.adoptions.length }),
    },
    { key: 'links', label: t('entry.links'), value: (e) => String(e.links.length), show: (e) => t('curation.duplicates.linkCount', { count: e.links.length }) },
  ];

  const merge = (): void => {
    const question = t('curation.duplicates.mergeConfirm', { kept: plainName(kept.title), other: plainName(other.title) });
    if (!window.confirm(question)) return;
    setBusy(true);
    setError(undefined);
    client.call('entries.merge', { keep: kept.id, other: other.id }).then(
      (result) => {
        setBusy(false);
        onMerged({
          keptTitle: kept.title,
          tagsAdded: result.tagsAdded,
          attachmentsAdded: result.attachmentsAdded,
          adoptionsMoved: result.adoptionsMoved,
          linksMoved: result.linksMoved,
          undo: result.undo,
        });
      },
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };

  return (
    <section className="duplicate-compare" aria-labelledby="compare-heading">
      <h2 id="compare-heading" tabIndex={-1} ref={heading}>
        {t('curation.duplicates.compareTitle')}
      </h2>
      <table className="compare-table">
        <thead>
          <tr>
            <th scope="col">{t('curation.duplicates.field')}</th>
            {entries.map((e, i) => (
              <th scope="col" key={e.id} data-side={i === 0 ? 'a' : 'b'}>
                <label className="keep-choice">
                  <input type="radio" name="keep" value={e.id} checked={keep === e.id} onChange={() => setKeep(e.id)} /> {t('curation.duplicates.keepThis')}
                </label>{' '}
                <a href={hrefFor({ screen: 'entry', id: e.id })} data-content="" lang={e.language}>
                  <Name text={e.title} />
                </a>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const differs = row.value(first) !== row.value(second);
            return (
              <tr key={row.key} data-field={row.key} data-differs={differs ? 'true' : 'false'} className={differs ? 'differs' : undefined}>
                <th scope="row">
                  {row.label}
                  {differs && <span className="differs-mark"> ≠ {t('curation.duplicates.differs')}</span>}
                </th>
                {entries.map((e) => (
                  <td key={e.id} className={e.id === keep ? 'kept' : undefined}>
                    {row.show(e)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted">{t('curation.duplicates.mergeExplains', { kept: plainName(kept.title), other: plainName(other.title) })}</p>
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={merge}>
          {t('curation.duplicates.merge')}
        </button>
        <button type="button" disabled={busy} onClick={onNotDuplicate}>
          {t('curation.duplicates.notDuplicate')}
        </button>
        <button type="button" onClick={onClose}>
          {t('app.close')}
        </button>
      </div>
      {error !== undefined && <ErrorMessage error={error} />}
    </section>
  );
}
