import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../../../shared/contract/index.js';
import { useTransport } from '../../app/context.js';
import { Data, ErrorMessage, Sentence } from '../../components/common.js';
import { Fingerprint } from './Fingerprint.js';
import { fingerprintOf, parsePublicKey } from './public-key.js';

type Partner = ResponseOf<'exchange.partners'>['partners'][number];

/**
 * Registers a partner's public key pasted as text (what `ratio trust <enterprise> <key>` does):
 * the key is checked and its fingerprint shown here, before anything is sent, so the person
 * can compare it with the one the partner reads out; only then may they trust it.
 */
export function TrustKeyForm({ partners, onTrusted }: { partners: readonly Partner[]; onTrusted: () => void }): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const ids = useId();
  const [enterprise, setEnterprise] = useState('');
  const [key, setKey] = useState('');
  const [touched, setTouched] = useState({ enterprise: false, key: false });
  const [fingerprint, setFingerprint] = useState<string | null>(null);
  const [compared, setCompared] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<ResponseOf<'exchange.trust'>>();

  const raw = parsePublicKey(key);
  useEffect(() => {
    let cancelled = false;
    setFingerprint(null);
    setCompared(false);
    if (raw) void fingerprintOf(raw).then((f) => !cancelled && setFingerprint(f));
    return () => {
      cancelled = true;
    };
    // The parsed bytes follow the text; a new text is a new key to compare.
  }, [key]);

  const name = enterprise.trim();
  const known = partners.find((p) => p.name.toLowerCase() === name.toLowerCase() || p.id === name);
  const keyProblem = key.trim() === '' ? t('exchangeTrust.needKey') : raw ? null : t('exchangeTrust.badKey');
  const enterpriseProblem = name === '' ? t('exchangeTrust.needEnterprise') : known?.isSelf ? t('exchangeTrust.ownEnterprise') : null;
  const ready = !keyProblem && !enterpriseProblem && fingerprint !== null && compared && !busy;

  const trust = async (): Promise<void> => {
    setTouched({ enterprise: true, key: true });
    if (!ready) return;
    setBusy(true);
    setError(undefined);
    try {
      const result = await client.call('exchange.trust', { source: key.trim(), enterprise: known?.id ?? name });
      setDone(result);
      setKey('');
      setEnterprise('');
      setTouched({ enterprise: false, key: false });
      onTrusted();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="trust-form"
      aria-labelledby={`${ids}-heading`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void trust();
      }}
    >
      <h3 id={`${ids}-heading`}>{t('exchangeTrust.heading')}</h3>
      <p className="muted">{t('exchangeTrust.intro')}</p>
      <div className="field">
        <label htmlFor={`${ids}-enterprise`}>{t('exchangeTrust.enterprise')}</label>
        <input
          id={`${ids}-enterprise`}
          list={`${ids}-known`}
          value={enterprise}
          autoComplete="off"
          aria-invalid={touched.enterprise && enterpriseProblem !== null}
          aria-describedby={`${ids}-enterprise-note`}
          onChange={(e) => {
            setEnterprise(e.target.value);
            setDone(undefined);
          }}
          onBlur={() => setTouched((x) => ({ ...x, enterprise: true }))}
        />
        <datalist id={`${ids}-known`}>
          {partners
            .filter((p) => !p.isSelf)
            .map((p) => (
              <option key={p.id} value={p.name} data-content="" />
            ))}
        </datalist>
        <div id={`${ids}-enterprise-note`}>
          {touched.enterprise && enterpriseProblem ? (
            <p className="field-error" role="alert">
              {enterpriseProblem}
            </p>
          ) : name !== '' && !known ? (
            <p className="muted">
              <Sentence k="exchangeTrust.newEnterprise" values={{ name: <Data>{name}</Data> }} />
            </p>
          ) : known?.fingerprint ? (
            <p className="notice">
              <Sentence k="exchangeTrust.replaces" values={{ name: <Data>{known.name}</Data> }} /> {t('exchangeTrust.fingerprintShort')}:{' '}
              <Fingerprint value={known.fingerprint} />
            </p>
          ) : null}
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-key`}>{t('exchangeTrust.key')}</label>
        <textarea
          id={`${ids}-key`}
          className="mono key-text"
          rows={3}
          spellCheck={false}
          value={key}
          placeholder={t('exchangeTrust.keyPlaceholder')}
          aria-invalid={touched.key && keyProblem !== null}
          aria-describedby={`${ids}-key-note`}
          onChange={(e) => {
            setKey(e.target.value);
            setDone(undefined);
            // A pasted key is checked at once; typing is checked when the field is left.
            if (parsePublicKey(e.target.value)) setTouched((x) => ({ ...x, key: true }));
          }}
          onBlur={() => setTouched((x) => ({ ...x, key: true }))}
        />
        <div id={`${ids}-key-note`}>
          {touched.key && keyProblem && (
            <p className="field-error" role="alert">
              {keyProblem}
            </p>
          )}
        </div>
      </div>
      {fingerprint && (
        <div className="fingerprint-check" role="status">
          <p>
            {t('exchangeTrust.fingerprint')}: <Fingerprint value={fingerprint} />
          </p>
          <p className="muted">{t('exchangeTrust.compare')}</p>
          <label className="trust">
            <input type="checkbox" checked={compared} onChange={(e) => setCompared(e.target.checked)} /> {t('exchangeTrust.compared')}
          </label>
        </div>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
      <button type="submit" className="primary" disabled={!ready}>
        {t('exchangeTrust.trustButton')}
      </button>
      {done && (
        <p role="status" className="report">
          <Sentence k="exchangeTrust.trusted" values={{ name: <Data>{done.enterprise.name}</Data> }} /> {t('exchangeTrust.fingerprintShort')}:{' '}
          <Fingerprint value={done.fingerprint} />
        </p>
      )}
    </form>
  );
}
