import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntryDetail } from '../../../../shared/schemas/entry.js';
import { Data, Sentence, formatDate } from '../../components/common.js';

/** Where an entry came from: made here (at `origin`, when named), or the bundles it arrived in. */
export function ProvenanceSection({ provenance, origin = null }: { provenance: EntryDetail['provenance']; origin?: string | null }): ReactNode {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return (
    <section aria-labelledby="provenance-heading" className="provenance">
      <h2 id="provenance-heading">{t('entry.provenance')}</h2>
      {provenance.length === 0 ? (
        <p className="muted">
          {origin !== null && (
            <>
              <Data>{origin}</Data>.{' '}
            </>
          )}
          {t('entry.localOrigin')}
        </p>
      ) : (
        <ul>
          {provenance.map((p) => (
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
