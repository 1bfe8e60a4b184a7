import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestOf, ResponseOf } from '../../../../shared/contract/index.js';
import { useTransport } from '../../app/context.js';
import { useCatalogueChanged } from '../../app/undo.js';
import { useCall } from '../../app/use-call.js';
import { Data, ErrorMessage, Sentence } from '../../components/common.js';
import { formatBytes } from '../../i18n/format.js';
import type { LibraryState } from '../Library.js';
import { FORMAT_NAMES } from './format-names.js';
import { ProgressBar } from './ProgressBar.js';

type Mode = 'search' | 'saved' | 'tag' | 'picked' | 'all' | 'delta';
type Format = 'bundle' | 'csv' | 'markdown';
type Selection = Omit<RequestOf<'exchange.estimateExport'>, 'to' | 'sinceLast'> & { sinceLast?: boolean };

/** What another screen asked to export: entries chosen in the library, or a saved search (`#/exchange?ids=…`, `?saved=…`). */
export interface ExportRequestFromUrl {
  ids?: string[];
  saved?: string;
}

/** Every id the library's current search and filters match, page by page. */
async function idsOfSearch(call: ReturnType<typeof useTransport>['client'], library: LibraryState): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page: ResponseOf<'search.query'> = await call.call('search.query', {
      query: library.query,
      filters: library.filters,
      sort: 'relevance',
      limit: 200,
      cursor,
      facets: false,
    });
    ids.push(...page.hits.map((h) => h.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

function Picker({ picked, onChange }: { picked: Set<string>; onChange: (next: Set<string>) => void }): ReactNode {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const { data } = useCall('search.query', { query, limit: 30, facets: false });
  return (
    <div className="picker">
      <input
        type="search"
        aria-label={t('exchange.pickSearch')}
        placeholder={t('exchange.pickSearch')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <ul>
        {data?.hits.map((hit) => (
          <li key={hit.id}>
            <label>
              <input
                type="checkbox"
                checked={picked.has(hit.id)}
                onChange={() => {
                  const next = new Set(picked);
                  if (next.has(hit.id)) next.delete(hit.id);
                  else next.add(hit.id);
                  onChange(next);
                }}
              />{' '}
              <Data lang={hit.language}>{hit.title}</Data>
            </label>
          </li>
        ))}
      </ul>
      <p className="muted">{t('exchange.picked', { count: picked.size })}</p>
    </div>
  );
}

/** One choice among a few, as a fieldset of radio buttons. */
function RadioGroup<T extends string>({
  legend,
  name,
  choices,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  choices: readonly [T, string][];
  value: T;
  onChange: (value: T) => void;
}): ReactNode {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {choices.map(([choice, label]) => (
        <label key={choice} className="radio">
          <input type="radio" name={name} value={choice} checked={value === choice} onChange={() => onChange(choice)} /> {label}
        </label>
      ))}
    </fieldset>
  );
}

export function ExportPanel({
  library,
  desktopTarget,
  asked,
}: {
  library: LibraryState;
  desktopTarget: string | null;
  asked?: ExportRequestFromUrl;
}): ReactNode {
  const { t, i18n } = useTranslation();
  const transport = useTransport();
  const { client } = transport;
  const [mode, setMode] = useState<Mode>(asked?.ids ? 'picked' : asked?.saved ? 'saved' : 'all');
  const [format, setFormat] = useState<Format>('bundle');
  const [tag, setTag] = useState('');
  const [saved, setSaved] = useState(asked?.saved ?? '');
  const [picked, setPicked] = useState<Set<string>>(() => new Set(asked?.ids ?? []));
  const [to, setTo] = useState('');
  const [flatResult, setFlatResult] = useState<ResponseOf<'exchange.exportCsv'> & { format: Format }>();
  const [desktopPath, setDesktopPath] = useState('');
  const [selection, setSelection] = useState<Selection | null>({});
  const [estimate, setEstimate] = useState<ResponseOf<'exchange.estimateExport'>>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ResponseOf<'exchange.export'>>();
  const enterprises = useCall('enterprises.list', {});
  const tags = useCall('tags.list', {});
  const savedSearches = useCall('savedSearches.list', {});
  // This catalogue's own enterprise signs the bundle; it is never its recipient.
  const info = useCall('catalogue.info', {});
  const ownId = info.data?.ownEnterprise?.id;
  const reloadLists = useCallback(() => {
    enterprises.reload();
    tags.reload();
    savedSearches.reload();
    info.reload();
  }, [enterprises.reload, tags.reload, savedSearches.reload, info.reload]);
  // An undone change (a merged enterprise, a moved tag) changes what can be chosen here.
  useCatalogueChanged(reloadLists);
  const recipients = (enterprises.data?.enterprises ?? []).filter((e) => e.id !== ownId);
  // A delta is "since the last bundle to the recipient": it has no meaning for CSV or Markdown.
  const effectiveMode: Mode = format !== 'bundle' && mode === 'delta' ? 'all' : mode;
  const recipient = format === 'bundle' ? to : '';

  // The selection as the core understands it; the current search is resolved to ids.
  useEffect(() => {
    let cancelled = false;
    setError(undefined);
    const resolve = async (): Promise<Selection | null> => {
      if (effectiveMode === 'all') return {};
      if (effectiveMode === 'delta') return { sinceLast: true };
      if (effectiveMode === 'tag') return tag ? { tag } : null;
      if (effectiveMode === 'saved') return saved ? { savedSearch: saved } : null;
      if (effectiveMode === 'picked') return picked.size > 0 ? { ids: [...picked] } : null;
      const ids = await idsOfSearch(client, library);
      return ids.length > 0 ? { ids } : null;
    };
    resolve().then(
      (s) => !cancelled && setSelection(s),
      (e: unknown) => !cancelled && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [effectiveMode, tag, saved, picked, library, client]);

  useEffect(() => {
    setEstimate(undefined);
    if (!selection || (selection.sinceLast && !recipient)) return;
    let cancelled = false;
    client.call('exchange.estimateExport', { ...selection, to: recipient || undefined }).then(
      (e) => !cancelled && setEstimate(e),
      (e: unknown) => !cancelled && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [selection, recipient, client]);

  const write = async (out: string): Promise<void> => {
    if (!selection) return;
    setBusy(true);
    setError(undefined);
    try {
      const done = await client.call('exchange.export', { ...selection, out, to: recipient || undefined });
      setResult(done);
      transport.files?.deliver(done.file);
      // The first export may have made this catalogue's own enterprise: it leaves the recipients.
      info.reload();
      enterprises.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  /** CSV and Markdown carry the selection only (no recipient, no signature). */
  const writeFlat = async (out: string): Promise<void> => {
    if (!selection || selection.sinceLast) return;
    const { sinceLast: _delta, ...flat } = selection;
    setBusy(true);
    setError(undefined);
    setFlatResult(undefined);
    try {
      if (format === 'csv') {
        const done = await client.call('exchange.exportCsv', { ...flat, out });
        setFlatResult({ ...done, format });
        transport.files?.deliver(done.path);
      } else {
        const done = await client.call('exchange.exportMarkdown', { ...flat, dir: out });
        setFlatResult({ ...done, format });
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // A path chosen with File › Export bundle… in the desktop app writes the current selection there.
  useEffect(() => {
    if (desktopTarget) void write(desktopTarget);
    // Only a new path starts an export; the selection is read as it is at that moment.
  }, [desktopTarget]);

  const modes: [Mode, string][] = [
    ['search', t('exchange.selSearch')],
    ['saved', t('exchangeSelection.saved')],
    ['tag', t('exchange.selTag')],
    ['picked', t('exchange.selPicked')],
    ['all', t('exchange.selAll')],
    ...(format === 'bundle' ? ([['delta', t('exchange.selDelta')]] as [Mode, string][]) : []),
  ];
  const formats: [Format, string][] = [
    ['bundle', t('exchangeFlat.formats.bundle')],
    ['csv', t('exchangeFlat.formats.csv', FORMAT_NAMES)],
    ['markdown', t('exchangeFlat.formats.markdown')],
  ];
  const stamp = new Date().toISOString().slice(0, 10);
  return (
    <section aria-labelledby="export-heading" className="panel">
      <h2 id="export-heading">{t('exchange.export')}</h2>
      <RadioGroup legend={t('exchangeFlat.format')} name="format" choices={formats} value={format} onChange={setFormat} />
      <RadioGroup legend={t('exchange.selection')} name="selection" choices={modes} value={effectiveMode} onChange={setMode} />
      {effectiveMode === 'saved' &&
        (savedSearches.data && savedSearches.data.searches.length === 0 ? (
          <p className="muted">{t('exchangeSelection.noSaved')}</p>
        ) : (
          <label>
            {t('exchangeSelection.savedLabel')}{' '}
            <select value={saved} onChange={(e) => setSaved(e.target.value)} aria-label={t('exchangeSelection.savedLabel')}>
              <option value="" />
              {savedSearches.data?.searches.map((x) => (
                <option key={x.id} value={x.id} data-content="">
                  {x.name}
                </option>
              ))}
            </select>
          </label>
        ))}
      {effectiveMode === 'tag' && (
        <label>
          {t('exchange.selTag')}{' '}
          <select value={tag} onChange={(e) => setTag(e.target.value)} aria-label={t('exchange.selTag')}>
            <option value="" />
            {tags.data?.tags.map((x) => (
              <option key={x.id} value={x.path} data-content="">
                {x.path} ({x.totalCount})
              </option>
            ))}
          </select>
        </label>
      )}
      {effectiveMode === 'picked' && asked?.ids && asked.ids.length > 0 && (
        <p className="notice">{t('exchangeSelection.fromLibrary', { count: asked.ids.length })}</p>
      )}
      {effectiveMode === 'picked' && <Picker picked={picked} onChange={setPicked} />}
      {format === 'bundle' && (
        <label>
          {t('exchange.recipient')}{' '}
          <select value={to} onChange={(e) => setTo(e.target.value)} aria-label={t('exchange.recipient')}>
            <option value="">{t('exchange.noRecipient')}</option>
            {recipients.map((e) => (
              <option key={e.id} value={e.name} data-content="">
                {e.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {format !== 'bundle' && estimate && (
        <p role="status" className="estimate">
          {t('exchangeFlat.flatEstimate', { entries: t('counts.entries', { count: estimate.entries }) })}
        </p>
      )}
      {format === 'bundle' && estimate && (
        <p role="status" className="estimate">
          {t('exchange.estimate', {
            entries: t('counts.entries', { count: estimate.entries }),
            attachments: t('counts.attachments', { count: estimate.attachments }),
            revisions: t('counts.revisions', { count: estimate.revisions }),
            size: formatBytes(estimate.bytes, t, i18n.language),
          })}
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
      {format === 'bundle' &&
        (transport.files ? (
          <button
            type="button"
            className="primary"
            disabled={busy || !estimate || estimate.entries === 0}
            onClick={() => {
              const name = `${to || 'bundle'}-${stamp}.ratio`.replace(/\s+/g, '-');
              transport.files?.exportTarget(name).then(
                (path) => write(path),
                (e: unknown) => setError(e),
              );
            }}
          >
            {t('exchange.exportButton')}
          </button>
        ) : (
          <p className="muted">{t('exchange.desktopExport')}</p>
        ))}
      {format !== 'bundle' &&
        (transport.files ? (
          <button
            type="button"
            className="primary"
            disabled={busy || !estimate || estimate.entries === 0}
            onClick={() => {
              const name = format === 'csv' ? `ratio-${stamp}.csv` : `ratio-markdown-${stamp}`;
              transport.files?.exportTarget(name).then(
                (path) => writeFlat(path),
                (e: unknown) => setError(e),
              );
            }}
          >
            {format === 'csv' ? t('exchangeFlat.csvButton', FORMAT_NAMES) : t('exchangeFlat.markdownButton')}
          </button>
        ) : (
          <div className="field">
            <label>
              {t('exchangeFlat.desktopTarget')} <input value={desktopPath} onChange={(e) => setDesktopPath(e.target.value)} className="mono" />
            </label>
            <button
              type="button"
              className="primary"
              disabled={busy || !estimate || estimate.entries === 0 || desktopPath.trim() === ''}
              onClick={() => void writeFlat(desktopPath.trim())}
            >
              {format === 'csv' ? t('exchangeFlat.csvButton', FORMAT_NAMES) : t('exchangeFlat.markdownButton')}
            </button>
          </div>
        ))}
      {flatResult && (
        <div role="status" className="report flat-report">
          <p>
            {t('exchangeFlat.written', {
              entries: t('counts.entries', { count: flatResult.entries }),
              attachments: t('counts.attachments', { count: flatResult.attachments }),
            })}
          </p>
          <p className="muted">
            {flatResult.format === 'markdown' ? (
              <Sentence k="exchangeFlat.folderAt" values={{ path: <Data className="mono">{flatResult.path}</Data> }} />
            ) : (
              <Sentence k="exchange.savedAt" values={{ path: <Data>{flatResult.path}</Data> }} />
            )}
          </p>
          {transport.files && (
            // A Markdown folder comes down as one zip of it.
            <button type="button" onClick={() => transport.files?.deliver(flatResult.format === 'markdown' ? `${flatResult.path}.zip` : flatResult.path)}>
              {t('exchange.download')}
            </button>
          )}
        </div>
      )}
      {busy && <ProgressBar label={t('exchange.exporting')} />}
      {format === 'bundle' && result && (
        <div role="status" className="report">
          <p>
            <Sentence
              k="exchange.exported"
              values={{
                bundle: <Data className="mono">{result.bundle.slice(0, 8)}</Data>,
                entries: t('counts.entries', { count: result.entries }),
                size: formatBytes(result.bytes, t, i18n.language),
              }}
            />
          </p>
          <p className="muted">
            <Sentence k="exchange.savedAt" values={{ path: <Data>{result.file}</Data> }} />
          </p>
          {transport.files && (
            <button type="button" onClick={() => transport.files?.deliver(result.file)}>
              {t('exchange.download')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
