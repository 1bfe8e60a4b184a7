import { useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../../../shared/contract/index.js';
import { useTransport } from '../../app/context.js';
import type { Transport } from '../../api/transport.js';
import { Data, ErrorMessage, Sentence } from '../../components/common.js';
import { FileDrop } from '../../components/FileDrop.js';
import { countedParts } from '../../i18n/format.js';
import { FORMAT_NAMES } from './format-names.js';
import { ProgressBar } from './ProgressBar.js';
import { hrefFor } from '../../app/router.js';

type Report = ResponseOf<'exchange.importCsv'>;
type Choice = 'keep-local' | 'take-incoming' | 'keep-both';
type Source = { kind: 'csv' | 'markdown'; path: string };

/**
 * A picked Markdown folder reaches the browser host file by file; each is named
 * `<folder id>/<path in the folder>` so the host puts them back together under one folder.
 * Returns that folder's path on the host, or null when it holds no Markdown file.
 */
async function sendFolder(files: readonly File[], carrier: NonNullable<Transport['files']>): Promise<string | null> {
  const batch = crypto.randomUUID();
  const relative = (f: File): string => f.webkitRelativePath || f.name;
  // The folder the person picked holds its Markdown files at the top (a Markdown export's shape).
  const depth = (f: File): number => relative(f).split('/').length;
  const first = files.filter((f) => relative(f).endsWith('.md')).sort((a, b) => depth(a) - depth(b))[0];
  if (!first) return null;
  let folderPath: string | null = null;
  for (const file of files) {
    const saved = await carrier.receive(new File([file], `${batch}/${relative(file)}`, { type: file.type }));
    if (file === first) folderPath = saved.replace(/[\\/][^\\/]*$/, '');
  }
  return folderPath;
}

/** The upload's own prefix is the host's affair, not a name the person gave. */
const UPLOAD_PREFIX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-/i;

/** Where a conflict is, said in the interface language: the core writes "<file> row <n>" or "<folder>/<file>.md". */
function Where({ where }: { where: string }): ReactNode {
  const row = /^(.*) row (\d+)$/.exec(where);
  if (!row) return <Data className="mono">{where.replace(/^markdown:/, '')}</Data>;
  return <Sentence k="exchangeFlat.row" values={{ file: <Data className="mono">{(row[1] ?? '').replace(UPLOAD_PREFIX, '')}</Data>, row: row[2] ?? '' }} />;
}

/** CSV tables and Markdown folders (the formats librarians edit by hand) into the catalogue. */
export function FlatImportPanel({ onImported, labelledBy }: { onImported: () => void; labelledBy?: string }): ReactNode {
  const { t, i18n } = useTranslation();
  const transport = useTransport();
  const { client } = transport;
  const ids = useId();
  const folderInput = useRef<HTMLInputElement>(null);
  const [onConflict, setOnConflict] = useState<Choice>('keep-local');
  const [phase, setPhase] = useState<'idle' | 'uploading' | 'importing'>('idle');
  const [error, setError] = useState<unknown>();
  const [report, setReport] = useState<Report>();
  const [notice, setNotice] = useState<string | null>(null);
  const [desktopPath, setDesktopPath] = useState('');

  const run = async (source: Source): Promise<void> => {
    setPhase('importing');
    try {
      const done =
        source.kind === 'csv'
          ? await client.call('exchange.importCsv', { path: source.path, onConflict })
          : await client.call('exchange.importMarkdown', { path: source.path, onConflict });
      setReport(done);
      onImported();
    } catch (e) {
      setError(e);
    } finally {
      setPhase('idle');
    }
  };
  const start = (): void => {
    setError(undefined);
    setReport(undefined);
    setNotice(null);
  };
  const pickCsv = async (file: File | undefined): Promise<void> => {
    if (!file || !transport.files) return;
    start();
    setPhase('uploading');
    try {
      await run({ kind: 'csv', path: await transport.files.receive(file) });
    } catch (e) {
      setError(e);
      setPhase('idle');
    }
  };
  const pickFolder = async (files: File[]): Promise<void> => {
    if (files.length === 0 || !transport.files) return;
    start();
    setPhase('uploading');
    try {
      const folder = await sendFolder(files, transport.files);
      if (folder === null) {
        setNotice(t('exchangeFlat.noMarkdown'));
        setPhase('idle');
        return;
      }
      await run({ kind: 'markdown', path: folder });
    } catch (e) {
      setError(e);
      setPhase('idle');
    }
  };

  const choices: [Choice, string][] = [
    ['keep-local', t('exchange.keepLocal')],
    ['take-incoming', t('exchange.takeIncoming')],
    ['keep-both', t('exchange.keepBoth')],
  ];
  const locale = i18n.language;
  return (
    <section aria-labelledby={labelledBy ?? `${ids}-heading`} className="panel flat-import">
      {!labelledBy && <h2 id={`${ids}-heading`}>{t('exchangeFlat.importHeading', FORMAT_NAMES)}</h2>}
      <p className="muted">{t('exchangeFlat.importIntro')}</p>
      <label>
        {t('exchangeFlat.onConflict')}{' '}
        <select value={onConflict} onChange={(e) => setOnConflict(e.target.value as Choice)} aria-label={t('exchangeFlat.onConflict')}>
          {choices.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {transport.files ? (
        <div className="flat-pickers">
          <FileDrop label={t('exchangeFlat.chooseCsv', FORMAT_NAMES)} accept=".csv,text/csv" onFiles={(files) => void pickCsv(files[0])} />
          <div className="dropzone">
            {/* A folder picker: the browser hands over every file inside, with its path in the folder. */}
            <input
              ref={(el) => {
                folderInput.current = el;
                el?.setAttribute('webkitdirectory', '');
              }}
              type="file"
              multiple
              hidden
              aria-label={t('exchangeFlat.chooseFolder')}
              onChange={(e) => {
                void pickFolder(Array.from(e.target.files ?? []));
                e.target.value = '';
              }}
            />
            <button type="button" onClick={() => folderInput.current?.click()}>
              {t('exchangeFlat.chooseFolder')}
            </button>
          </div>
        </div>
      ) : (
        <div className="field">
          <label>
            {t('exchangeFlat.desktopSource', FORMAT_NAMES)} <input value={desktopPath} onChange={(e) => setDesktopPath(e.target.value)} className="mono" />
          </label>
          <button
            type="button"
            disabled={phase !== 'idle' || desktopPath.trim() === ''}
            onClick={() => {
              start();
              const path = desktopPath.trim();
              void run({ kind: path.toLowerCase().endsWith('.csv') ? 'csv' : 'markdown', path });
            }}
          >
            {t('exchangeFlat.importPath')}
          </button>
        </div>
      )}
      {phase === 'uploading' && <ProgressBar label={t('exchangeFlat.uploading')} />}
      {phase === 'importing' && <ProgressBar label={t('exchangeFlat.importing')} />}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
      {report && (
        <div role="status" className="report flat-import-report">
          {report.created + report.updated + report.unchanged + report.conflicts === 0 ? (
            <p>{t('exchangeFlat.nothing')}</p>
          ) : (
            <p>
              {t('exchangeFlat.report', {
                parts: new Intl.ListFormat(locale, { style: 'narrow', type: 'conjunction' }).format(
                  (
                    [
                      ['created', report.created],
                      ['updated', report.updated],
                      ['unchanged', report.unchanged],
                    ] as const
                  )
                    .filter(([, n]) => n > 0)
                    .map(([key, count]) => t(`exchangeFlat.${key}`, { count }))
                    .concat(
                      report.attachments > 0 ? [t('counts.attachments', { count: report.attachments })] : [],
                      report.conflicts > 0 ? [t('counts.conflicts', { count: report.conflicts })] : [],
                    ),
                ),
              })}
            </p>
          )}
          {report.conflicts > 0 && (
            <>
              <p>
                {t('exchangeFlat.resolved', {
                  parts: countedParts(
                    t,
                    locale,
                    (
                      [
                        ['keptLocal', report.keptLocal],
                        ['tookIncoming', report.tookIncoming],
                        ['keptBoth', report.keptBoth],
                      ] as const
                    ).filter(([, n]) => n > 0),
                  ),
                })}
              </p>
              <table className="table" aria-label={t('exchangeFlat.conflicts')}>
                <thead>
                  <tr>
                    <th scope="col">{t('exchange.entryTitle')}</th>
                    <th scope="col">{t('exchangeFlat.where')}</th>
                    <th scope="col">{t('exchange.resolution')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.conflictEntries.map((c) => (
                    <tr key={`${c.id}-${c.where}`}>
                      <td>
                        <a href={hrefFor({ screen: 'entry', id: c.localId })} data-content="">
                          {c.title}
                        </a>
                        {c.deletedLocally && <span className="muted"> · {t('exchangeFlat.deletedHere')}</span>}
                      </td>
                      <td>
                        <Where where={c.where} />
                      </td>
                      <td>{choices.find(([value]) => value === c.resolution)?.[1]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {report.conflicts > report.conflictEntries.length && (
                <p className="muted">{t('exchangeFlat.moreConflicts', { count: report.conflicts - report.conflictEntries.length })}</p>
              )}
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** The bundle is the usual way in; CSV and Markdown open on request, below it. */
export function FlatImportDisclosure({ onImported }: { onImported: () => void }): ReactNode {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const ids = useId();
  return (
    <div className="flat-import-disclosure">
      <h2>
        <button type="button" id={`${ids}-toggle`} aria-expanded={open} aria-controls={`${ids}-flat`} onClick={() => setOpen(!open)}>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> {t('exchangeFlat.importHeading', FORMAT_NAMES)}
        </button>
      </h2>
      <div id={`${ids}-flat`}>{open && <FlatImportPanel onImported={onImported} labelledBy={`${ids}-toggle`} />}</div>
    </div>
  );
}
