import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntryDetail } from '../../../../shared/schemas/entry.js';
import { hrefFor } from '../../app/router.js';
import { Name } from '../../components/Name.js';
import { Sentence } from '../../components/common.js';

/** Shown on a variant an import kept beside a conflicting entry, and on the entry it was kept beside. */
export function VariantNotice({ entry }: { entry: EntryDetail }): ReactNode {
  const { t } = useTranslation();
  if (!entry.variantOf && entry.variants.length === 0) return null;
  return (
    <div className="notice variant-notice" role="note">
      {entry.variantOf && (
        <p>
          <Sentence
            k="entryPage.variantOf"
            values={{
              title: (
                <a href={hrefFor({ screen: 'entry', id: entry.variantOf.id })} data-content="">
                  <Name text={entry.variantOf.title} />
                </a>
              ),
            }}
          />
        </p>
      )}
      {entry.variants.length > 0 && (
        <p>
          {t('entryPage.variants')}{' '}
          {entry.variants.map((v, i) => (
            <span key={v.id}>
              {i > 0 && ', '}
              <a href={hrefFor({ screen: 'entry', id: v.id })} data-content="">
                <Name text={v.title} />
              </a>
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
