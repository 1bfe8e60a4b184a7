import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useReadingRun } from '../app/extraction-progress.js';

/**
 * A small line in the top bar while attached files are read in the background, wherever the
 * person is in the app: "reading text… 3/12 pages", the file's name beside it, and how many
 * files the run has when more than one. Gone when the run's last file is read.
 */
export function ReadingIndicator(): ReactNode {
  const { t } = useTranslation();
  const run = useReadingRun();
  if (run === null) return null;
  const { file, filesDone, filesTotal } = run;
  const pages = file.pages !== null && file.pages > 0;
  return (
    <p className="reading-indicator muted" role="status" aria-live="polite">
      {pages ? t('attachmentText.readingPages', { done: file.pagesDone, total: file.pages }) : t('attachmentText.reading')}{' '}
      <span className="reading-file">{file.name}</span>
      {filesTotal > 1 && <span className="reading-files"> · {t('attachmentText.readingFiles', { done: filesDone + 1, total: filesTotal })}</span>}
    </p>
  );
}
