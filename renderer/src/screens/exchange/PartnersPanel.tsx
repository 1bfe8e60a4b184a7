import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ResponseOf } from '../../../../shared/contract/index.js';
import { useTransport } from '../../app/context.js';
import { useCatalogueChanged } from '../../app/undo.js';
import { useCall } from '../../app/use-call.js';
import { Data, ErrorMessage, Loading } from '../../components/common.js';
import { countedParts } from '../../i18n/format.js';
import { Fingerprint } from './Fingerprint.js';
import { TrustKeyForm } from './TrustKeyForm.js';
import { hrefFor } from '../../app/router.js';

export { Fingerprint };

export function PartnersPanel({ version }: { version: number }): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const { data, error, reload } = useCall('exchange.partners', {});
  // An undone merge or rename changes who the partners are.
  useCatalogueChanged(reload);
  const [key, setKey] = useState<ResponseOf<'exchange.keys'>>();
  const [actionError, setActionError] = useState<unknown>();
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  return (
    <section aria-labelledby="partners-heading" className="panel" data-version={version}>
      <h2 id="partners-heading">{t('exchange.partners')}</h2>
      {actionError !== undefined && <ErrorMessage error={actionError} />}
      <table className="table" aria-label={t('exchange.partners')}>
        <tbody>
          {data.partners.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                <Data>{p.name}</Data>
                {p.isSelf && <span className="muted"> · {t('exchange.ourKey')}</span>}
              </th>
              <td>{p.fingerprint ? <Fingerprint value={p.fingerprint} /> : <span className="muted">{t('exchange.noKey')}</span>}</td>
              <td className="muted">
                {t('exchange.bundlesReceived', { count: p.bundlesReceived })} · {t('exchange.bundlesSent', { count: p.bundlesSent })}
              </td>
              <td>
                {p.fingerprint && !p.isSelf && (
                  <button
                    type="button"
                    onClick={() => {
                      if (!window.confirm(t('exchange.revokeConfirm', { name: p.name }))) return;
                      client.call('exchange.revoke', { enterprise: p.id }).then(reload, (e: unknown) => setActionError(e));
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
            (e: unknown) => setActionError(e),
          );
        }}
      >
        {t('exchange.showKey')}
      </button>
      {key && (
        <p role="status">
          <Data>{key.enterprise.name}</Data>: <Fingerprint value={key.fingerprint} />{' '}
          <span className="mono muted" data-content="">
            {key.publicKey}
          </span>
        </p>
      )}
      <TrustKeyForm partners={data.partners} onTrusted={reload} />
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
          <a href={hrefFor({ screen: 'entry', id: e.id })} data-content="">
            {e.title}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** How the signer was trusted, in words; a status this version does not know is shown as it was recorded. */
function signatureText(signature: string, t: TFunction): ReactNode {
  return SIGNATURES.includes(signature) ? t(`exchange.signatures.${signature}`) : <Data>{signature}</Data>;
}
const SIGNATURES = ['valid', 'unknown-signer', 'trusted-on-import', 'invalid'];

/** The counts an import recorded, in a reader's order, those that are not zero; keys this version does not know are left out. */
const COUNT_ORDER = [
  'new',
  'updated',
  'identical',
  'older',
  'conflicts',
  'keptLocal',
  'tookIncoming',
  'keptBoth',
  'attachments',
  'adoptions',
  'links',
  'tagsCreated',
] as const;
function importCounts(counts: Record<string, number>): [string, number][] {
  return COUNT_ORDER.map((key): [string, number] => [key, counts[key] ?? 0]).filter(([, n]) => n > 0);
}

export function ImportHistory({ version }: { version: number }): ReactNode {
  const { t, i18n } = useTranslation();
  const { data, error, reload } = useCall('exchange.imports', {});
  useCatalogueChanged(reload);
  const [open, setOpen] = useState<string | null>(null);
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  return (
    <section aria-labelledby="history-heading" className="panel" data-version={version}>
      <h2 id="history-heading">{t('exchange.history')}</h2>
      {data.imports.length === 0 && <p className="muted">{t('exchange.noImports')}</p>}
      <ul className="import-log">
        {data.imports.map((i) => (
          <li key={i.id}>
            <button type="button" aria-expanded={open === i.id} onClick={() => setOpen(open === i.id ? null : i.id)}>
              {new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(i.at))} · <Data>{i.producer}</Data> ·{' '}
              {signatureText(i.signature, t)}
            </button>{' '}
            <span className="muted">{countedParts(t, i18n.language, importCounts(i.counts))}</span>
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
