import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { REINDEX_TASK, ignoringBackgroundReading, type ProgressReport } from '../../../../shared/bridge.js';
import { useTransport } from '../../app/context.js';

/** The core names its long tasks in English; these are the ones the interface can say in its language. */
const TASKS: Record<string, string> = {
  'Verifying the bundle': 'tasks.verifying',
  'Importing entries': 'tasks.importing',
  'Exporting attachments (bytes)': 'tasks.exportingAttachments',
  'Loading the demo catalogue': 'tasks.demo',
  [REINDEX_TASK]: 'tasks.reindex',
  'Backing up the catalogue': 'tasks.backup',
};

/** Shows the core's progress reports while long work runs; indeterminate until the first one. */
export function ProgressBar({ label }: { label: string }): ReactNode {
  const { t, i18n } = useTranslation();
  const transport = useTransport();
  const [report, setReport] = useState<ProgressReport>();
  useEffect(() => transport.onProgress(ignoringBackgroundReading(setReport)), [transport]);
  const key = report ? TASKS[report.task] : undefined;
  // A task this version has no words for is shown in English only, never inside another language.
  const task = key ? t(key) : i18n.language === 'en' ? report?.task : undefined;
  return (
    <div className="progress">
      <span>{task ? `${label} ${task}` : label}</span>
      <progress aria-label={label} max={report?.total || undefined} value={report ? report.done : undefined} />
    </div>
  );
}
