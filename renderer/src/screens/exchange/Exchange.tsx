import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LibraryState } from '../Library.js';
import { ExportPanel, type ExportRequestFromUrl } from './ExportPanel.js';
import { FlatImportDisclosure } from './FlatImportPanel.js';
import { ImportPanel } from './ImportPanel.js';
import { ImportHistory, PartnersPanel } from './PartnersPanel.js';

type Tab = 'import' | 'export' | 'partners' | 'history';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `#/exchange?ids=a,b,c` (entries chosen in the library) or `#/exchange?saved=<id>`: what to export; ids that are not ids are dropped. */
export function exportRequestOf(hash: string): ExportRequestFromUrl | undefined {
  const q = hash.indexOf('?');
  if (q < 0) return undefined;
  const params = new URLSearchParams(hash.slice(q + 1));
  const ids = (params.get('ids') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => ID.test(id));
  const saved = params.get('saved') ?? '';
  if (ids.length > 0) return { ids: [...new Set(ids)] };
  if (ID.test(saved)) return { saved };
  return undefined;
}

/** Export, import, partners' keys and the import log, as tabs of one screen. */
export function Exchange({ library, command }: { library: LibraryState; command: { type: 'import' | 'export'; path: string } | null }): ReactNode {
  const { t } = useTranslation();
  // The request is the export panel's starting point; the person may change the selection from there.
  const [asked, setAsked] = useState(() => exportRequestOf(window.location.hash));
  const [tab, setTab] = useState<Tab>(command?.type ?? (asked ? 'export' : 'import'));
  // Another request while the screen is open (the library's "export the selection" again) starts over.
  useEffect(() => {
    const onHash = (): void => {
      const next = exportRequestOf(window.location.hash);
      if (!next) return;
      setAsked(next);
      setTab('export');
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const [version, setVersion] = useState(0);
  const tabs: [Tab, string][] = [
    ['import', t('exchange.import')],
    ['export', t('exchange.export')],
    ['partners', t('exchange.partners')],
    ['history', t('exchange.history')],
  ];
  return (
    <div className="exchange">
      <h1>{t('exchange.title')}</h1>
      <div role="tablist" aria-label={t('exchange.title')} className="tabs">
        {tabs.map(([value, label]) => (
          <button key={value} type="button" role="tab" aria-selected={tab === value} onClick={() => setTab(value)}>
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'import' && (
          <>
            <ImportPanel desktopFile={command?.type === 'import' ? command.path : null} onImported={() => setVersion((v) => v + 1)} />
            <FlatImportDisclosure onImported={() => setVersion((v) => v + 1)} />
          </>
        )}
        {tab === 'export' && (
          <ExportPanel key={JSON.stringify(asked ?? {})} library={library} desktopTarget={command?.type === 'export' ? command.path : null} asked={asked} />
        )}
        {tab === 'partners' && <PartnersPanel version={version} />}
        {tab === 'history' && <ImportHistory version={version} />}
      </div>
    </div>
  );
}
