import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../../../shared/contract/index.js';
import { useTransport } from '../../app/context.js';
import { Data, ErrorMessage, ErrorText, Sentence, formatDate } from '../../components/common.js';
import { FileDrop } from '../../components/FileDrop.js';
import { valueDiff } from '../../components/value-diff.js';
import { countedParts, formatBytes } from '../../i18n/format.js';
import { BundleConcepts } from '../thesaurus/ConceptConflicts.js';
import { ProgressBar } from './ProgressBar.js';
import { plainName } from '../../text/bidi.js';

type Report = ResponseOf<'exchange.previewImport'>;
type EntryClass = Report['entries'][number]['class'];
type Choice = 'keep-local' | 'take-incoming' | 'keep-both';
const CLASSES: EntryClass[] = ['new', 'newer', 'conflict', 'identical', 'older'];

function asText(value: string | string[] | number): string {
  return Array.isArray(value) ? value.join('\n') : String(value);
}

/** Ours and theirs side by side, each field with its word differences marked. */
function Compare({ file, id, trust, onClose }: { file: string; id: string; trust: boolean; onClose: () => void }): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const [data, setData] = useState<ResponseOf<'exchange.bundleEntry'>>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    client.call('exchange.bundleEntry', { file, id, trust }).then(setData, (e: unknown) => setError(e));
  }, [client, file, id, trust]);
  if (error !== undefined) return <ErrorMessage error={error} />;
  if (!data) return <ProgressBar label={t('exchange.verifying')} />;
  const fields = ['title', 'summary', 'body', 'status', 'kind', 'tags', 'classification', 'authors'] as const;
  return (
    <div className="compare" role="region" aria-label={t('exchange.compare')}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">{t('exchange.ours')}</th>
            <th scope="col">{t('exchange.theirs')}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field) => {
            // Kind and status are the interface's vocabulary, said in its language; the rest is the entries' data.
            const vocabulary = field === 'kind' ? 'kinds' : field === 'status' ? 'statuses' : null;
            const said = (value: string): string => (vocabulary && value !== '' ? t(`${vocabulary}.${value}`, { defaultValue: value }) : value);
            const ours = data.local ? said(asText(data.local[field])) : '';
            const theirs = said(asText(data.incoming[field]));
            const parts = valueDiff(ours, theirs, vocabulary !== null);
            const content = vocabulary ? undefined : '';
            return (
              <tr key={field} className={ours === theirs ? 'same' : 'changed'}>
                <th scope="row">{t(`fields.${field}`)}</th>
                <td className="side" data-content={content}>
                  {parts.map((p, i) => (p.added ? null : p.removed ? <del key={i}>{p.value}</del> : <span key={i}>{p.value}</span>))}
                </td>
                <td className="side" data-content={content}>
                  {parts.map((p, i) => (p.removed ? null : p.added ? <ins key={i}>{p.value}</ins> : <span key={i}>{p.value}</span>))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" onClick={onClose}>
        {t('app.close')}
      </button>
    </div>
  );
}

/**
 * The import wizard: pick or drop a bundle, see it verified and classified (nothing is
 * written), choose what to do with conflicts, then apply in one step and read the report.
 */
export function ImportPanel({ desktopFile, onImported }: { desktopFile: string | null; onImported: () => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const transport = useTransport();
  const { client } = transport;
  const [file, setFile] = useState<string | null>(null);
  const [preview, setPreview] = useState<Report>();
  const [phase, setPhase] = useState<'idle' | 'verifying' | 'ready' | 'applying' | 'done'>('idle');
  const [error, setError] = useState<unknown>();
  const [filter, setFilter] = useState<EntryClass | 'all'>('all');
  const [forAll, setForAll] = useState<Choice>('keep-local');
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [trust, setTrust] = useState(false);
  const [comparing, setComparing] = useState<string | null>(null);
  const [report, setReport] = useState<Report>();

  const reset = (): void => {
    setFile(null);
    setPreview(undefined);
    setPhase('idle');
    setError(undefined);
    setChoices({});
    setTrust(false);
    setComparing(null);
    setReport(undefined);
    setFilter('all');
  };

  const verify = async (path: string): Promise<void> => {
    reset();
    setFile(path);
    setPhase('verifying');
    try {
      setPreview(await client.call('exchange.previewImport', { file: path }));
      setPhase('ready');
    } catch (e) {
      setError(e);
      setPhase('idle');
    }
  };
  /** Trusting an unknown signer reads its entries (registering nothing until the import). */
  const chooseTrust = async (checked: boolean): Promise<void> => {
    setTrust(checked);
    if (!checked || !file || preview?.entriesRead !== false) return;
    setPhase('verifying');
    try {
      setPreview(await client.call('exchange.previewImport', { file, trust: true }));
      setPhase('ready');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setPreview(undefined);
      setPhase('idle');
    }
  };
  const pick = async (picked: File | undefined): Promise<void> => {
    if (!picked || !transport.files) return;
    try {
      await verify(await transport.files.receive(picked));
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    if (desktopFile) void verify(desktopFile);
    // A new path from the shell (menu, drop, file association) starts a new preview.
  }, [desktopFile]);

  const apply = async (): Promise<void> => {
    if (!file || !preview) return;
    setPhase('applying');
    setError(undefined);
    try {
      const done = await client.call('exchange.import', { file, onConflict: forAll, resolutions: choices, trust });
      setReport(done);
      setPhase('done');
      onImported();
    } catch (e) {
      setError(e);
      setPhase('ready');
    }
  };

  const counts = new Map<EntryClass, number>();
  for (const entry of preview?.entries ?? []) counts.set(entry.class, (counts.get(entry.class) ?? 0) + 1);
  const shown = (preview?.entries ?? []).filter((e) => filter === 'all' || e.class === filter);
  const choiceLabel: Record<Choice, string> = {
    'keep-local': t('exchange.keepLocal'),
    'take-incoming': t('exchange.takeIncoming'),
    'keep-both': t('exchange.keepBoth'),
  };
  const needsTrust = preview?.signature === 'unknown-signer';

  return (
    <section aria-labelledby="import-heading" className="panel">
      <h2 id="import-heading">{t('exchange.import')}</h2>
      {transport.files ? (
        <FileDrop label={t('exchange.chooseBundle')} accept=".ratio" onFiles={(files) => void pick(files[0])}>
          <span className="muted">{t('exchange.dropBundle')}</span>
        </FileDrop>
      ) : (
        <p className="muted">{t('exchange.desktopImport')}</p>
      )}
      {phase === 'verifying' && <ProgressBar label={t('exchange.verifying')} />}
      {error !== undefined && (
        <div role="alert" className="error">
          <strong>{t('exchange.refusedLabel')}</strong> <ErrorText error={error} />
        </div>
      )}
      {preview && phase !== 'done' && (
        <div className="preview-import">
          <dl className="metadata">
            <dt>{t('exchange.producer')}</dt>
            <dd>
              <Data>{preview.producer}</Data>
              {preview.signature === 'valid' && preview.claimedProducer !== preview.producer && (
                <span className="muted">
                  {' ('}
                  <Sentence k="exchange.claims" values={{ name: <Data>{preview.claimedProducer}</Data> }} />
                  {')'}
                </span>
              )}
            </dd>
            <dt>{t('exchange.created')}</dt>
            <dd>{formatDate(preview.createdAt, i18n.language)}</dd>
            {/* The producer's own description of what it sent, in its words. */}
            <dt>{t('exchange.selectionLabel')}</dt>
            <dd data-content="">{preview.selection}</dd>
            <dt>{t('exchange.fingerprint')}</dt>
            <dd className="mono fingerprint" data-content="">
              {preview.keyId.match(/.{1,4}/g)?.join(' ')}
            </dd>
            <dt>{t('exchange.signature')}</dt>
            <dd className={`signature ${preview.signature}`} data-signature={preview.signature}>
              {preview.signature === 'valid' ? (
                <Sentence k="exchange.sigValid" values={{ producer: <Data>{preview.producer}</Data> }} />
              ) : preview.signature === 'unknown-signer' ? (
                <Sentence k="exchange.sigUnknown" values={{ producer: <Data>{preview.producer}</Data> }} />
              ) : (
                t('exchange.sigInvalid')
              )}
            </dd>
          </dl>
          {needsTrust && (
            <label className="trust">
              <input type="checkbox" checked={trust} disabled={phase !== 'ready'} onChange={(e) => void chooseTrust(e.target.checked)} />{' '}
              <Sentence k="exchange.trustSigner" values={{ producer: <Data>{preview.producer}</Data> }} />
            </label>
          )}
          {!preview.entriesRead && (
            <p role="status" className="notice">
              {t('exchange.unread', { entries: preview.announced.entries, attachments: preview.announced.attachments })}
            </p>
          )}
          {preview.alreadyImported && (
            <p role="status" className="notice">
              {t('exchange.alreadyImported')}
            </p>
          )}
          {preview.attachmentTypes.length > 0 && (
            <div className="attachment-types">
              <h4>{t('attachmentText.previewTypes')}</h4>
              <ul>
                {preview.attachmentTypes.map((row) => (
                  <li key={row.mediaType}>
                    <Data>{row.mediaType}</Data>: {t('attachmentText.previewCount', { count: row.count, size: formatBytes(row.bytes, t, i18n.language) })}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <div className="filters" role="group" aria-label={t('exchange.classCol')}>
            <button type="button" aria-pressed={filter === 'all'} onClick={() => setFilter('all')}>
              {t('exchange.filterAll', { count: preview.entries.length })}
            </button>
            {CLASSES.filter((c) => counts.has(c)).map((c) => (
              <button key={c} type="button" aria-pressed={filter === c} onClick={() => setFilter(c)}>
                {t(`exchange.classes.${c}`)} ({counts.get(c)})
              </button>
            ))}
          </div>
          {counts.has('conflict') && (
            <label>
              {t('exchange.forAll')}{' '}
              <select value={forAll} onChange={(e) => setForAll(e.target.value as Choice)} aria-label={t('exchange.forAll')}>
                {(Object.keys(choiceLabel) as Choice[]).map((c) => (
                  <option key={c} value={c}>
                    {choiceLabel[c]}
                  </option>
                ))}
              </select>
            </label>
          )}
          <table className="table" aria-label={t('exchange.import')}>
            <thead>
              <tr>
                <th scope="col">{t('exchange.entryTitle')}</th>
                <th scope="col">{t('exchange.classCol')}</th>
                <th scope="col">{t('exchange.resolution')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((entry) => (
                <tr key={entry.id} data-class={entry.class}>
                  <td data-content="">{entry.title}</td>
                  <td>
                    {t(`exchange.classes.${entry.class}`)}
                    {entry.reason === 'not-theirs' && <div className="muted">{t('exchange.notTheirs')}</div>}
                  </td>
                  <td>
                    {entry.class === 'conflict' && (
                      <>
                        <select
                          aria-label={`${t('exchange.resolution')}: ${plainName(entry.title)}`}
                          value={choices[entry.id] ?? forAll}
                          onChange={(e) => setChoices({ ...choices, [entry.id]: e.target.value as Choice })}
                        >
                          {(Object.keys(choiceLabel) as Choice[]).map((c) => (
                            <option key={c} value={c}>
                              {choiceLabel[c]}
                            </option>
                          ))}
                        </select>{' '}
                        <button type="button" onClick={() => setComparing(entry.id)} aria-label={`${t('exchange.compare')}: ${plainName(entry.title)}`}>
                          {t('exchange.compare')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {comparing && file && <Compare file={file} id={comparing} trust={trust} onClose={() => setComparing(null)} />}
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={phase !== 'ready' || !preview.entriesRead || (needsTrust && !trust)}
              onClick={() => void apply()}
            >
              {t('exchange.apply')}
            </button>
            <button type="button" onClick={reset}>
              {t('exchange.cancel')}
            </button>
          </div>
          {phase === 'applying' && <ProgressBar label={t('exchange.applying')} />}
        </div>
      )}
      {report && phase === 'done' && <ImportReportView report={report} />}
    </section>
  );
}

/** What an import did, in the interface language (the core's own summary is English, for the CLI). */
function ImportReportView({ report }: { report: Report }): ReactNode {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const also = (
    [
      ['adoptions', report.adoptions],
      ['links', report.links],
    ] as const
  ).filter(([, n]) => n > 0);
  return (
    <div role="status" className="report">
      {report.alreadyImported ? (
        <p>{t('exchange.alreadyImported')}</p>
      ) : (
        <>
          <p>
            {t('exchange.report', {
              parts: countedParts(t, locale, [
                ['new', report.new],
                ['updated', report.updated],
                ['identical', report.identical],
                ['older', report.older],
                ['conflicts', report.conflicts],
                ['attachments', report.attachments],
              ]),
            })}
          </p>
          {report.conflicts > 0 && (
            <p>
              {t('exchange.resolved', {
                parts: countedParts(t, locale, [
                  ['keptLocal', report.keptLocal],
                  ['tookIncoming', report.tookIncoming],
                  ['keptBoth', report.keptBoth],
                ]),
              })}
            </p>
          )}
          {also.length > 0 && <p>{t('exchange.brought', { parts: countedParts(t, locale, also) })}</p>}
          {report.concepts && <BundleConcepts concepts={report.concepts} />}
        </>
      )}
      {report.tagsCreated.length > 0 && (
        <p>
          <Sentence k="exchange.tagsCreated" values={{ tags: <Data>{report.tagsCreated.join(', ')}</Data> }} />
        </p>
      )}
    </div>
  );
}
