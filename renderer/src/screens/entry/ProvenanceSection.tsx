import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntryDetail } from '../../../../shared/schemas/entry.js';
import { Data, Sentence, formatDate } from '../../components/common.js';

/** Where the entry came from: made here, or the bundles it arrived in. */
export function ProvenanceSection({ entry }: { entry: EntryDetail }): ReactNode {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return (
    <section aria-labelledby="provenance-heading" className="provenance">
      <h2 id="provenance-heading">{t('entry.provenance')}</h2>
      {entry.provenance.length === 0 ? (
        <p className="muted">
          {entry.enterprise && (
            <>
              <Data>{entry.enterprise.name}</Data>.{' '}
            </>
          )}
          {t('entry.localOrigin')}
        </p>
      ) : (
        <ul>
          {entry.provenance.map((p) => (
            <li key={p.bundleId}>
              <Sentence
                k="entry.cameIn"
                values={{
                  bundle: <Data className="mono">{p.bundleId.slice(0, 8)}</Data>,
                  producer: <Data>{p.producer}</Data>,
                  date: formatDate(p.receivedAt, locale),
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
