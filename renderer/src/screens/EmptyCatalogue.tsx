import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useTransport } from '../app/context.js';
import { hrefFor } from '../app/router.js';
import { announceCatalogueChange } from '../app/undo.js';
import { ErrorMessage } from '../components/common.js';

/**
 * What the library says before the catalogue holds anything (the first run): not "nothing
 * matches", but the three ways to begin — the demo catalogue, an import, a first entry.
 */
export function EmptyCatalogue({ onLoaded }: { onLoaded: () => void }): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const loadDemo = async (): Promise<void> => {
    setBusy(true);
    setFailure(undefined);
    try {
      await client.call('catalogue.loadDemo', {});
      onLoaded();
      // Saved searches, tags and the rest of the app hear of it too.
      announceCatalogueChange();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="empty-catalogue">
      <h2>{t('search.empty.title')}</h2>
      <p>{t('search.empty.text')}</p>
      <p className="empty-catalogue-actions">
        <button type="button" className="primary" onClick={() => void loadDemo()} disabled={busy} aria-busy={busy}>
          {busy ? t('search.empty.loading') : t('search.empty.demo')}
        </button>
        <a className="button" href={hrefFor({ screen: 'exchange' })}>
          {t('search.empty.import')}
        </a>
        <a className="button" href={hrefFor({ screen: 'new' })}>
          {t('search.empty.newEntry')}
        </a>
      </p>
      {failure !== undefined && <ErrorMessage error={failure} onRetry={() => void loadDemo()} />}
    </div>
  );
}
