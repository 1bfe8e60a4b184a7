import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useTransport } from '../app/context.js';
import { announceCatalogueChange, useCatalogueChanged } from '../app/undo.js';
import { useCall } from '../app/use-call.js';
import { ErrorMessage } from './common.js';

export interface OwnEnterpriseValue {
  id: string;
  name: string;
  named: boolean;
}

/**
 * Names this catalogue's own enterprise (the one that signs its bundles and that the network
 * shows). Until it is named, exports make up "Enterprise a92aa1b0", which partners then see.
 */
export function OwnEnterpriseForm({
  current,
  onNamed,
  autoFocus = false,
}: {
  current: OwnEnterpriseValue | null;
  onNamed: (own: OwnEnterpriseValue) => void;
  autoFocus?: boolean;
}): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const id = useId();
  const [name, setName] = useState(current?.named ? current.name : '');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setError(undefined);
    if (name.trim() === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    client.call('catalogue.setOwnEnterprise', { name }).then(
      (own) => {
        setBusy(false);
        announceCatalogueChange();
        onNamed(own);
      },
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };
  return (
    <form className="inline-form own-enterprise-form" onSubmit={submit} noValidate>
      <label htmlFor={`${id}-name`}>{t('curation.own.label')}</label>{' '}
      <input
        id={`${id}-name`}
        className="own-enterprise-name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder={t('curation.own.placeholder')}
        aria-invalid={missing ? 'true' : undefined}
        aria-describedby={missing ? `${id}-error` : undefined}
        maxLength={300}
        autoFocus={autoFocus}
      />{' '}
      <button type="submit" className="primary" disabled={busy}>
        {current?.named ? t('curation.own.rename') : t('curation.own.submit')}
      </button>
      {missing && (
        <p id={`${id}-error`} className="field-error">
          {t('curation.own.required')}
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
    </form>
  );
}

const LATER_KEY = 'ratio-own-enterprise-later';

function askedLater(): boolean {
  try {
    return localStorage.getItem(LATER_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * The first-run question: while the catalogue's enterprise has no real name, a banner asks
 * for it. "Later" puts it away for this browser; the Enterprises screen asks again.
 */
export function OwnEnterpriseBanner(): ReactNode {
  const { t } = useTranslation();
  const { data, reload } = useCall('catalogue.info', {});
  useCatalogueChanged(reload);
  const [later, setLater] = useState(askedLater);
  const [done, setDone] = useState<string | null>(null);
  if (done !== null) {
    return (
      <div className="own-enterprise-banner named" aria-live="polite">
        {t('curation.own.thanks')}{' '}
        <button type="button" onClick={() => setDone(null)} aria-label={t('app.close')}>
          ×
        </button>
      </div>
    );
  }
  if (!data || later || data.ownEnterprise?.named === true) return null;
  return (
    <section className="own-enterprise-banner" aria-labelledby="own-enterprise-ask">
      <p id="own-enterprise-ask">
        <strong>{t('curation.own.askTitle')}</strong> {t('curation.own.askWhy')}
      </p>
      <OwnEnterpriseForm
        current={data.ownEnterprise}
        onNamed={(own) => {
          setDone(own.name);
          reload();
        }}
      />
      <button
        type="button"
        className="later"
        onClick={() => {
          try {
            localStorage.setItem(LATER_KEY, '1');
          } catch {
            // A private window: "later" lasts for this page.
          }
          setLater(true);
        }}
      >
        {t('curation.own.later')}
      </button>
    </section>
  );
}
