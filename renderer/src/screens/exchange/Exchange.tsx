import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LibraryState } from '../Library.js';
import { ExportPanel } from './ExportPanel.js';
import { ImportPanel } from './ImportPanel.js';
import { ImportHistory, PartnersPanel } from './PartnersPanel.js';

type Tab = 'import' | 'export' | 'partners' | 'history';

/** Export, import, partners' keys and the import log, as tabs of one screen. */
export function Exchange({ library, command }: { library: LibraryState; command: { type: 'import' | 'export'; path: string } | null }): ReactNode {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>(command?.type ?? 'import');
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
        {tab === 'import' && <ImportPanel desktopFile={command?.type === 'import' ? command.path : null} onImported={() => setVersion((v) => v + 1)} />}
        {tab === 'export' && <ExportPanel library={library} desktopTarget={command?.type === 'export' ? command.path : null} />}
        {tab === 'partners' && <PartnersPanel version={version} />}
        {tab === 'history' && <ImportHistory version={version} />}
      </div>
    </div>
  );
}
