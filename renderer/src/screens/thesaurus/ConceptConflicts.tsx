import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConceptsImport } from '../../../../shared/schemas/exchange.js';
import { Data } from '../../components/common.js';
import { countedList } from './counted-list.js';

type Conflict = ConceptsImport['conflicts'][number];

/** Concepts a file or bundle could not take as they were, each by its URI and label with the importer's reason. */
export function ConceptConflicts({ conflicts }: { conflicts: readonly Conflict[] }): ReactNode {
  const { t } = useTranslation();
  if (conflicts.length === 0) return null;
  return (
    <>
      <p>{t('thesaurus.files.conflicts', { count: conflicts.length })}</p>
      <ul className="skos-conflicts">
        {conflicts.map((c, i) => (
          // The reason is the importer's own sentence, in English.
          <li key={`${c.uri}:${i}`}>
            <Data>{c.uri}</Data>
            {c.label !== undefined && (
              <>
                {' '}
                (<Data>{c.label}</Data>)
              </>
            )}
            {': '}
            <Data lang="en">{c.reason}</Data>
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
