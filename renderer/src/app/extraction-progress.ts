import { useEffect, useState } from 'react';
import { EXTRACT_TASK, type ExtractionFileProgress, type ProgressReport } from '../../../shared/bridge.js';
import type { Transport } from '../api/transport.js';
import { useTransport } from './context.js';

/**
 * One subscription to the core's progress reports per transport, shared by every component
 * that follows background reading: in the browser each subscription is a connection of its
 * own (an EventSource), and an entry page with several attachments would open one per file.
 */
interface Hub {
  listeners: Set<(report: ProgressReport) => void>;
  stop: (() => void) | null;
}

const hubs = new WeakMap<Transport, Hub>();

function subscribe(transport: Transport, listener: (report: ProgressReport) => void): () => void {
  let hub = hubs.get(transport);
  if (!hub) {
    hub = { listeners: new Set(), stop: null };
    hubs.set(transport, hub);
  }
  const shared = hub;
  shared.listeners.add(listener);
  shared.stop ??= transport.onProgress((report) => {
    for (const each of [...shared.listeners]) each(report);
  });
  return () => {
    shared.listeners.delete(listener);
    if (shared.listeners.size === 0) {
      shared.stop?.();
      shared.stop = null;
    }
  };
}

/** The file a background reading report is about, when it is one. */
function readingReport(report: ProgressReport): ExtractionFileProgress | null {
  return report.task === EXTRACT_TASK && report.file !== undefined ? report.file : null;
}

export const isReading = (state: ExtractionFileProgress['state'] | undefined): boolean => state === 'queued' || state === 'reading';

/** The last report the core sent about one file's reading since this component was shown; null before any. */
export function useFileReading(sha256: string): ExtractionFileProgress | null {
  const transport = useTransport();
  const [latest, setLatest] = useState<ExtractionFileProgress | null>(null);
  useEffect(() => {
    setLatest(null);
    return subscribe(transport, (report) => {
      const file = readingReport(report);
      if (file !== null && file.sha256 === sha256) setLatest(file);
    });
  }, [transport, sha256]);
  return latest;
}

/** Background reading as it stands: the file being read and the run's files; null when nothing is being read. */
export interface ReadingRun {
  file: ExtractionFileProgress;
  filesDone: number;
  filesTotal: number;
}

/** After a file is read, how long the run is still shown while no other file is reported. */
const NEXT_FILE_MS = 3000;

export function useReadingRun(): ReadingRun | null {
  const transport = useTransport();
  const [run, setRun] = useState<ReadingRun | null>(null);
  useEffect(() => {
    let timer: number | undefined;
    const stop = subscribe(transport, (report) => {
      const file = readingReport(report);
      if (file === null) return;
      window.clearTimeout(timer);
      if (isReading(file.state)) setRun({ file, filesDone: report.done, filesTotal: report.total });
      // The run is over when its last file has reached a final state; a run whose count ran
      // ahead of the files it read is over once no other file follows.
      else if (report.done >= report.total) setRun(null);
      else timer = window.setTimeout(() => setRun(null), NEXT_FILE_MS);
    });
    return () => {
      window.clearTimeout(timer);
      stop();
    };
  }, [transport]);
  return run;
}
