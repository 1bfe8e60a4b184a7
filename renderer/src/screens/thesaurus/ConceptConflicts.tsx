import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConceptsImport } from '../../../../shared/schemas/exchange.js';
import { Data, Sentence } from '../../components/common.js';
import { countedList } from './counted-list.js';

type Conflict = ConceptsImport['conflicts'][number];

/**
 * Why the importer did not take the concept as it stood, in the interface's language, with
 * the file's URIs, labels and language tags kept as data. A conflict without a code (an
 * import report stored before the codes) shows the importer's English sentence, marked so.
 */
function ConflictReason({ conflict }: { conflict: Conflict }): ReactNode {
  const { i18n } = useTranslation();
  const { code, params = {} } = conflict;
  const count = typeof params.count === 'number' ? params.count : undefined;
  const key = `thesaurus.conflicts.${code}`;
  if (code === undefined || !i18n.exists(key, count === undefined ? {} : { count })) return <Data lang="en">{conflict.reason}</Data>;
  const values: Record<string, ReactNode> = {};
  for (const [name, value] of Object.entries(params)) if (name !== 'count') values[name] = <Data>{String(value)}</Data>;
  return <Sentence k={key} values={values} count={count} />;
}

/** Concepts a file or bundle could not take as they were, each by its URI and label with the importer's reason. */
export function ConceptConflicts({ conflicts }: { conflicts: readonly Conflict[] }): ReactNode {
  const { t } = useTranslation();
  if (conflicts.length === 0) return null;
  return (
    <>
      <p>{t('thesaurus.files.conflicts', { count: conflicts.length })}</p>
      <ul className="skos-conflicts">
        {conflicts.map((c, i) => (
          <li key={`${c.uri}:${i}`}>
            <Data>{c.uri}</Data>
            {c.label !== undefined && (
              <>
                {' '}
                (<Data>{c.label}</Data>)
              </>
            )}
            {': '}
            <ConflictReason conflict={c} />
          </li>
        ))}
      </ul>
    </>
  );
}

/** What a bundle's concepts came to here, for the exchange screen's import report. */
export function BundleConcepts({ concepts }: { concepts: ConceptsImport }): ReactNode {
  const { t, i18n } = useTranslation();
  const parts = countedList(t, i18n.language, 'thesaurus.bundle', [
    ['new', concepts.new],
    ['matched', concepts.matched],
  ]);
  return (
    <div className="bundle-concepts">
      <p>{t('thesaurus.bundle.summary', { parts })}</p>
      <ConceptConflicts conflicts={concepts.conflicts} />
    </div>
  );
}
