import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkChangeCount, BulkResult } from '../../../../shared/schemas/curation.js';
import { Data, formatNumber, Sentence } from '../../components/common.js';

/** One change of the preview, in the interface's words with the catalogue's values as data. */
function ChangeText({ change, titles }: { change: BulkChangeCount; titles: ReadonlyMap<string, string> }): ReactNode {
  const { t } = useTranslation();
  switch (change.change) {
    case 'addTag':
    case 'removeTag':
      return <Sentence k={`bulk.change.${change.change}`} values={{ value: <Data>{change.value ?? ''}</Data> }} />;
    case 'status':
      return t('bulk.change.status', { value: t(`statuses.${change.value ?? ''}`) });
    case 'enterprise':
      return change.value === null ? t('bulk.change.enterpriseNone') : <Sentence k="bulk.change.enterprise" values={{ value: <Data>{change.value}</Data> }} />;
    case 'trash':
      return t('bulk.change.trash');
    case 'linkDuplicate':
      return <Sentence k="bulk.change.linkDuplicate" values={{ value: <Data>{titles.get(change.value ?? '') ?? change.value ?? ''}</Data> }} />;
  }
}

/**
 * What a bulk action would do, from its dry run: how many entries each change touches,
 * which tags or enterprise it would create, and some of the entries by title. Apply runs
 * the same request for real; Back or Escape returns to the choice.
 */
export function BulkPreview({
  result,
  titles,
  trash,
  onApply,
  onBack,
}: {
  result: BulkResult;
  /** Titles of the selected entries by id (to name the original of duplicates). */
  titles: ReadonlyMap<string, string>;
  trash: boolean;
  onApply: () => void;
  onBack: () => void;
}): ReactNode {
  const { t, i18n } = useTranslation();
  const n = (value: number): string => formatNumber(value, i18n.language);
  const apply = useRef<HTMLButtonElement>(null);
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    (result.changed > 0 ? apply.current : back.current)?.focus();
  }, [result]);
  const unchanged = result.selected - result.changed;
  return (
    <section
      className="bulk-preview"
      role="dialog"
      aria-labelledby="bulk-preview-heading"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onBack();
        }
      }}
    >
      <h3 id="bulk-preview-heading">{t('bulk.previewHeading')}</h3>
      {result.changed === 0 ? (
        <p>{t('bulk.nothingWillChange')}</p>
      ) : (
        <>
          <p>
            <strong>{t('bulk.willChange', { count: result.changed, n: n(result.changed) })}</strong>{' '}
            {unchanged > 0 && t('bulk.unchanged', { count: unchanged, n: n(unchanged) })}
          </p>
          <table className="table bulk-changes">
            <thead>
              <tr>
                <th scope="col">{t('bulk.changeColumn')}</th>
                <th scope="col" className="number">
                  {t('bulk.entriesColumn')}
                </th>
              </tr>
            </thead>
            <tbody>
              {result.changes.map((change) => (
                <tr key={`${change.change} ${change.value ?? ''}`}>
                  <td>
                    <ChangeText change={change} titles={titles} />
                  </td>
                  <td className="number">{n(change.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.newTags.length > 0 && (
            <p className="notice" role="note">
              {t('bulk.newTags')}{' '}
              {result.newTags.map((tag) => (
                <span key={tag} className="tag">
                  <Data>{tag}</Data>
                </span>
              ))}
            </p>
          )}
          {result.newEnterprise !== null && (
            <p className="notice" role="note">
              {t('bulk.newEnterprise')} <Data>{result.newEnterprise}</Data>
            </p>
          )}
          {trash && <p className="muted">{t('bulk.trashNote')}</p>}
          <p className="muted">{t('bulk.sample')}</p>
          <ul className="bulk-sample">
            {result.sample.map((entry) => (
              <li key={entry.id}>
                <Data>{entry.title}</Data>
              </li>
            ))}
            {result.changed > result.sample.length && (
              <li className="muted">{t('bulk.more', { count: result.changed - result.sample.length, n: n(result.changed - result.sample.length) })}</li>
            )}
          </ul>
        </>
      )}
      <div className="actions">
        <button ref={apply} type="button" className={trash ? 'danger' : 'primary'} disabled={result.changed === 0} onClick={onApply}>
          {t('bulk.apply', { count: result.changed, n: n(result.changed) })}
        </button>
        <button ref={back} type="button" onClick={onBack}>
          {t('bulk.back')}
        </button>
      </div>
    </section>
  );
}
