import { REINDEX_TASK } from '../../../../shared/bridge.js';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useTransport } from '../../app/context.js';

/**
 * A small notice, never in the way, while the core re-indexes for search in the background:
 * how far it is, from the last search's answer and then from the core's progress reports.
 */
export function ReindexNotice({ reindexing }: { reindexing: { done: number; total: number } }): ReactNode {
  const { t } = useTranslation();
  const transport = useTransport();
  const [latest, setLatest] = useState(reindexing);
  useEffect(() => setLatest(reindexing), [reindexing]);
  useEffect(
    () =>
      transport.onProgress((report) => {
        if (report.task === REINDEX_TASK) setLatest({ done: report.done, total: report.total });
      }),
    [transport],
  );
  const percent = latest.total > 0 ? Math.floor((100 * latest.done) / latest.total) : 0;
  return (
    <p className="muted reindex-notice" role="status" title={t('search.reindexingHint')}>
      {t('search.reindexing', { percent })}
    </p>
  );
}
