import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestOf, ResponseOf } from '../../../../shared/contract/index.js';
import { useTransport } from '../../app/context.js';
import { useCall } from '../../app/use-call.js';
import { Data, ErrorMessage, Sentence } from '../../components/common.js';
import { formatBytes } from '../../i18n/format.js';
import type { LibraryState } from '../Library.js';
import { ProgressBar } from './ProgressBar.js';

type Mode = 'search' | 'tag' | 'picked' | 'all' | 'delta';
type Selection = Omit<RequestOf<'exchange.estimateExport'>, 'to' | 'sinceLast'> & { sinceLast?: boolean };

/** Every id the library's current search and filters match, page by page. */
async function idsOfSearch(call: ReturnType<typeof useTransport>['client'], library: LibraryState): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page: ResponseOf<'search.query'> = await call.call('search.query', { query: library.query, filters: library.filters, sort: 'relevance', limit: 200, cursor, facets: false });
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
      <input type="search" aria-label={t('exchange.pickSearch')} placeholder={t('exchange.pickSearch')} value={query} onChange={(e) => setQuery(e.target.value)} />
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

export function ExportPanel({ library, desktopTarget }: { library: LibraryState; desktopTarget: string | null }): ReactNode {
  const { t, i18n } = useTranslation();
  const transport = useTransport();
  const { client } = transport;
  const [mode, setMode] = useState<Mode>('all');
  const [tag, setTag] = useState('');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [to, setTo] = useState('');
  const [selection, setSelection] = useState<Selection | null>({});
  const [estimate, setEstimate] = useState<ResponseOf<'exchange.estimateExport'>>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ResponseOf<'exchange.export'>>();
  const enterprises = useCall('enterprises.list', {});
  const tags = useCall('tags.list', {});

  // The selection as the core understands it; the current search is resolved to ids.
  useEffect(() => {
    let cancelled = false;
    setError(undefined);
    const resolve = async (): Promise<Selection | null> => {
      if (mode === 'all') return {};
      if (mode === 'delta') return { sinceLast: true };
      if (mode === 'tag') return tag ? { tag } : null;
      if (mode === 'picked') return picked.size > 0 ? { ids: [...picked] } : null;
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
  }, [mode, tag, picked, library, client]);

  useEffect(() => {
    setEstimate(undefined);
    if (!selection || (selection.sinceLast && !to)) return;
    let cancelled = false;
    client.call('exchange.estimateExport', { ...selection, to: to || undefined }).then(
      (e) => !cancelled && setEstimate(e),
      (e: unknown) => !cancelled && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [selection, to, client]);

  const write = async (out: string): Promise<void> => {
    if (!selection) return;
    setBusy(true);
    setError(undefined);
    try {
      const done = await client.call('exchange.export', { ...selection, out, to: to || undefined });
      setResult(done);
      transport.files?.deliver(done.file);
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
    ['tag', t('exchange.selTag')],
    ['picked', t('exchange.selPicked')],
    ['all', t('exchange.selAll')],
    ['delta', t('exchange.selDelta')],
  ];
  const stamp = new Date().toISOString().slice(0, 10);
  return (
    <section aria-labelledby="export-heading" className="panel">
      <h2 id="export-heading">{t('exchange.export')}</h2>
      <fieldset>
        <legend>{t('exchange.selection')}</legend>
        {modes.map(([value, label]) => (
          <label key={value} className="radio">
            <input type="radio" name="selection" value={value} checked={mode === value} onChange={() => setMode(value)} /> {label}
          </label>
        ))}
      </fieldset>
      {mode === 'tag' && (
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
      {mode === 'picked' && <Picker picked={picked} onChange={setPicked} />}
      <label>
        {t('exchange.recipient')}{' '}
        <select value={to} onChange={(e) => setTo(e.target.value)} aria-label={t('exchange.recipient')}>
          <option value="">{t('exchange.noRecipient')}</option>
          {enterprises.data?.enterprises.map((e) => (
            <option key={e.id} value={e.name} data-content="">
              {e.name}
            </option>
          ))}
        </select>
      </label>
      {estimate && (
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
      {transport.files ? (
        <button
          type="button"
          className="primary"
          disabled={busy || !estimate || estimate.entries === 0}
          onClick={() => {
            const name = `${to || 'bundle'}-${stamp}.ratio`.replace(/\s+/g, '-');
            transport.files?.exportTarget(name).then((path) => write(path), (e: unknown) => setError(e));
          }}
        >
          {t('exchange.exportButton')}
        </button>
      ) : (
        <p className="muted">{t('exchange.desktopExport')}</p>
      )}
      {busy && <ProgressBar label={t('exchange.exporting')} />}
      {result && (
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
