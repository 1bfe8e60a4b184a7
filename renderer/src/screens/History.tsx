import { diffWordsWithSpace } from 'diff';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntrySnapshot, Revision } from '../../../shared/schemas/entry.js';
import { useTransport } from '../app/context.js';
import { navigate } from '../app/router.js';
import { useCall } from '../app/use-call.js';
import { ErrorMessage, Loading, formatDate } from '../components/common.js';

function asText(value: EntrySnapshot[keyof EntrySnapshot]): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : v.name)).join('\n');
  return String(value);
}

/** A word diff of each changed field between two snapshots. */
function SnapshotDiff({ before, after }: { before: EntrySnapshot | undefined; after: EntrySnapshot }): ReactNode {
  const { t } = useTranslation();
  const fields = (Object.keys(after) as (keyof EntrySnapshot)[]).filter((f) => asText(before?.[f] ?? null) !== asText(after[f]));
  if (fields.length === 0) return <p className="muted">{t('history.noChange')}</p>;
  return (
    <dl className="diff">
      {fields.map((field) => (
        <div key={field}>
          <dt>{field}</dt>
          <dd>
            {diffWordsWithSpace(asText(before?.[field] ?? null), asText(after[field])).map((part, i) =>
              part.added ? (
                <ins key={i}>{part.value}</ins>
              ) : part.removed ? (
                <del key={i}>{part.value}</del>
              ) : (
                <span key={i}>{part.value}</span>
              ),
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function RevisionChanges({ id, revision }: { id: string; revision: Revision }): ReactNode {
  const { t } = useTranslation();
  const current = useCall('entries.revision', { id, number: revision.number });
  const previous = useCall('entries.revision', revision.number > 1 ? { id, number: revision.number - 1 } : null);
  if (current.error) return <ErrorMessage message={current.error} />;
  if (!current.data || (revision.number > 1 && !previous.data)) return <Loading />;
  return (
    <section aria-label={t('history.compare', { number: revision.number })}>
      <h2>{t('history.compare', { number: revision.number })}</h2>
      <SnapshotDiff before={previous.data?.snapshot} after={current.data.snapshot} />
    </section>
  );
}

export function History({ id }: { id: string }): ReactNode {
  const { t, i18n } = useTranslation();
  const { client } = useTransport();
  const history = useCall('entries.history', { id });
  const entry = useCall('entries.get', { id });
  const [selected, setSelected] = useState<number>();
  const [error, setError] = useState<string>();
  if (history.error) return <ErrorMessage message={history.error} onRetry={history.reload} />;
  if (!history.data) return <Loading />;
  const revisions = history.data.revisions;
  const chosen = revisions.find((r) => r.number === selected) ?? revisions.at(-1);
  const title = entry.data?.title ?? '';
  const restore = async (number: number): Promise<void> => {
    if (!window.confirm(t('history.restoreConfirm', { number }))) return;
    try {
      await client.call('entries.restore', { id, number });
      navigate({ screen: 'entry', id });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="history">
      <h1>{t('history.title', { title })}</h1>
      {error && <ErrorMessage message={error} />}
      <div className="split">
        <ol className="revisions" aria-label={t('entry.history')}>
          {revisions.map((r) => (
            <li key={r.number} aria-current={r.number === chosen?.number ? 'true' : undefined}>
              <button type="button" onClick={() => setSelected(r.number)}>
                #{r.number} · {r.action} · {formatDate(r.at, i18n.language)}
                {r.author ? ` · ${t('history.by', { author: r.author })}` : ''}
                {r.source ? ` · ${t('history.from', { source: r.source })}` : ''}
              </button>
              <div className="muted">{r.changed.join(', ')}</div>
              {r.claimed && (
                <div className="muted">{t('history.claimed', { number: r.claimed.number, action: r.claimed.action, at: formatDate(r.claimed.at, i18n.language) })}</div>
              )}
              {r.action !== 'delete' && r.number !== revisions.at(-1)?.number && (
                <button type="button" onClick={() => void restore(r.number)}>
                  {t('history.restore')} #{r.number}
                </button>
              )}
            </li>
          ))}
        </ol>
        {chosen && <RevisionChanges key={chosen.number} id={id} revision={chosen} />}
      </div>
    </div>
  );
}
