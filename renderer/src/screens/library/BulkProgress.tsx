import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgressReport } from '../../../../shared/bridge.js';
import { formatNumber } from '../../components/common.js';

/**
 * The core's progress while a bulk action runs (entries.bulk reports how many entries it has
 * changed, and the re-indexing a search selection may need first); indeterminate until the
 * first report. The count is said in numbers, so no task name of the core reaches the screen.
 */
export function BulkProgress({ label, report }: { label: string; report: ProgressReport | undefined }): ReactNode {
  const { t, i18n } = useTranslation();
  const total = report?.total ?? 0;
  return (
    <div className="progress bulk-progress" role="status">
      <span>{label}</span>{' '}
      {report && total > 0 && <span>{t('bulk.progress', { done: formatNumber(report.done, i18n.language), total: formatNumber(total, i18n.language) })}</span>}
      <progress aria-label={label} max={total || undefined} value={report && total > 0 ? report.done : undefined} />
    </div>
  );
}
