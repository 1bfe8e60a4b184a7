import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../../../shared/contract/index.js';
import { useTransport } from '../../app/context.js';
import { useCall } from '../../app/use-call.js';
import { ErrorMessage, Loading } from '../../components/common.js';
import { plainName } from '../../text/bidi.js';
import { Name } from '../../components/Name.js';

/** Fingerprints in groups of four, as people read them aloud to compare. */
export function Fingerprint({ value }: { value: string }): ReactNode {
  return <span className="mono fingerprint">{value.match(/.{1,4}/g)?.join(' ')}</span>;
}

export function PartnersPanel({ version }: { version: number }): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const { data, error, reload } = useCall('exchange.partners', {});
  const [key, setKey] = useState<ResponseOf<'exchange.keys'>>();
  const [actionError, setActionError] = useState<string>();
  if (error) return <ErrorMessage message={error} onRetry={reload} />;
  if (!data) return <Loading />;
  return (
    <section aria-labelledby="partners-heading" className="panel" data-version={version}>
      <h2 id="partners-heading">{t('exchange.partners')}</h2>
      {actionError && <ErrorMessage message={actionError} />}
      <table className="table" aria-label={t('exchange.partners')}>
        <tbody>
          {data.partners.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                <Name text={p.name} />
                {p.isSelf && <span className="muted"> · {t('exchange.ourKey')}</span>}
              </th>
              <td>{p.fingerprint ? <Fingerprint value={p.fingerprint} /> : <span className="muted">{t('exchange.noKey')}</span>}</td>
              <td className="muted">
                {t('exchange.received')} {p.bundlesReceived} · {t('exchange.sent')} {p.bundlesSent}
              </td>
              <td>
                {p.fingerprint && !p.isSelf && (
                  <button
                    type="button"
                    onClick={() => {
                      if (!window.confirm(t('exchange.revokeConfirm', { name: plainName(p.name) }))) return;
                      client.call('exchange.revoke', { enterprise: p.id }).then(reload, (e: unknown) => setActionError(e instanceof Error ? e.message : String(e)));
                    }}
                  >
                    {t('exchange.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        onClick={() => {
          client.call('exchange.keys', {}).then(
            (k) => {
              setKey(k);
              reload();
            },
            (e: unknown) => setActionError(e instanceof Error ? e.message : String(e)),
          );
        }}
      >
        {t('exchange.showKey')}
      </button>
      {key && (
        <p role="status">
          <Name text={key.enterprise.name} />: <Fingerprint value={key.fingerprint} /> <span className="mono muted">{key.publicKey}</span>
        </p>
      )}
    </section>
  );
}

function ImportEntries({ bundle }: { bundle: string }): ReactNode {
  const { data } = useCall('exchange.bundleEntries', { bundle });
  if (!data) return <Loading />;
  return (
    <ul>
      {data.entries.map((e) => (
        <li key={e.id}>
          <a href={`#/entry/${e.id}`}>
            <Name text={e.title} />
          </a>
        </li>
      ))}
    </ul>
  );
}

export function ImportHistory({ version }: { version: number }): ReactNode {
  const { t, i18n } = useTranslation();
  const { data, error, reload } = useCall('exchange.imports', {});
  const [open, setOpen] = useState<string | null>(null);
  if (error) return <ErrorMessage message={error} onRetry={reload} />;
  if (!data) return <Loading />;
  return (
    <section aria-labelledby="history-heading" className="panel" data-version={version}>
      <h2 id="history-heading">{t('exchange.history')}</h2>
      {data.imports.length === 0 && <p className="muted">{t('exchange.noImports')}</p>}
      <ul className="import-log">
        {data.imports.map((i) => (
          <li key={i.id}>
            <button type="button" aria-expanded={open === i.id} onClick={() => setOpen(open === i.id ? null : i.id)}>
              {new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(i.at))} · <Name text={i.producer} /> · {i.signature}
            </button>{' '}
            <span className="muted">
              {Object.entries(i.counts)
                .filter(([, n]) => n > 0)
                .map(([k, n]) => `${k} ${n}`)
                .join(', ')}
            </span>
            {open === i.id && (
              <div aria-label={t('exchange.entries')}>
                <ImportEntries bundle={i.bundle} />
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
