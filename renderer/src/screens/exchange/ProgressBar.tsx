import { useEffect, useState, type ReactNode } from 'react';
import type { ProgressReport } from '../../../../shared/bridge.js';
import { useTransport } from '../../app/context.js';

/** Shows the core's progress reports while long work runs; indeterminate until the first one. */
export function ProgressBar({ label }: { label: string }): ReactNode {
  const transport = useTransport();
  const [report, setReport] = useState<ProgressReport>();
  useEffect(() => transport.onProgress(setReport), [transport]);
  return (
    <div className="progress">
      <span>{report ? `${label} ${report.task}` : label}</span>
      <progress aria-label={label} max={report?.total || undefined} value={report ? report.done : undefined} />
    </div>
  );
}
