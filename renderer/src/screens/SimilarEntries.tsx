import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../app/use-call.js';
import { hrefFor } from '../app/router.js';

/**
 * Similar entries weigh the entry's terms against the whole catalogue (tens of milliseconds
 * at 100,000 entries), so they are asked for only once the entry has been on screen for a
 * moment: paging through entries never queues that work in front of the next one.
 */
const ASK_AFTER_MS = 400;

export function SimilarEntries({ id }: { id: string }): ReactNode {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    setReady(false);
    const timer = setTimeout(() => setReady(true), ASK_AFTER_MS);
    return () => clearTimeout(timer);
  }, [id]);
  return ready ? <SimilarList id={id} /> : null;
}

function SimilarList({ id }: { id: string }): ReactNode {
  const { t } = useTranslation();
  const { data } = useCall('search.similar', { id, limit: 6 });
  if (!data || data.hits.length === 0) return null;
  return (
    <section aria-labelledby="similar-heading">
      <h2 id="similar-heading">{t('entry.similar')}</h2>
      <ul>
        {data.hits.map((hit) => (
          <li key={hit.id}>
            <a href={hrefFor({ screen: 'entry', id: hit.id })} data-content="" lang={hit.language}>
              {hit.title}
            </a>{' '}
            <span className="muted">{t(`kinds.${hit.kind}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
