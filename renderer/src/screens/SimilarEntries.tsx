import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../app/use-call.js';

export function SimilarEntries({ id }: { id: string }): ReactNode {
  const { t } = useTranslation();
  const { data } = useCall('search.similar', { id, limit: 6 });
  if (!data || data.hits.length === 0) return null;
  return (
    <section aria-labelledby="similar-heading">
      <h2 id="similar-heading">{t('entry.similar')}</h2>
      <ul>
        {data.hits.map((hit) => (
          <li key={hit.id}>
            <a href={`#/entry/${hit.id}`}>{hit.title}</a> <span className="muted">{t(`kinds.${hit.kind}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
