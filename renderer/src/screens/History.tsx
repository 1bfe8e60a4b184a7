import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { plainName } from '../text/bidi.js';
import type { EntrySnapshot, Revision } from '../../../shared/schemas/entry.js';
import { useTransport } from '../app/context.js';
import { navigate } from '../app/router.js';
import { useCall } from '../app/use-call.js';
import { Data, ErrorMessage, Loading, Sentence, formatDate } from '../components/common.js';
import { valueDiff } from '../components/value-diff.js';
import { formatList, languageName } from '../i18n/format.js';

function asText(value: EntrySnapshot[keyof EntrySnapshot]): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : v.name)).join('\n');
  return String(value);
}

/** Fields whose values are the interface's own vocabulary, said in its language; the rest are the entry's data. */
const VOCABULARY_FIELDS: Partial<Record<keyof EntrySnapshot, 'kinds' | 'statuses' | 'language'>> = { kind: 'kinds', status: 'statuses', language: 'language' };

/** A word diff of each changed field between two snapshots. */
function SnapshotDiff({ before, after }: { before: EntrySnapshot | undefined; after: EntrySnapshot }): ReactNode {
  const { t, i18n } = useTranslation();
  const shown = (field: keyof EntrySnapshot, snapshot: EntrySnapshot | undefined): string => {
    const raw = asText(snapshot?.[field] ?? null);
    const vocabulary = VOCABULARY_FIELDS[field];
    if (raw === '' || !vocabulary) return raw;
    return vocabulary === 'language' ? languageName(raw, i18n.language) : t(`${vocabulary}.${raw}`, { defaultValue: raw });
  };
  const fields = (Object.keys(after) as (keyof EntrySnapshot)[]).filter((f) => asText(before?.[f] ?? null) !== asText(after[f]));
  if (fields.length === 0) return <p className="muted">{t('history.noChange')}</p>;
  return (
    <dl className="diff">
      {fields.map((field) => (
        <div key={field}>
          <dt>{t(`fields.${field}`)}</dt>
          <dd data-content={VOCABULARY_FIELDS[field] ? undefined : ''}>
            {valueDiff(shown(field, before), shown(field, after), VOCABULARY_FIELDS[field] !== undefined).map((part, i) =>
              part.added ? <ins key={i}>{part.value}</ins> : part.removed ? <del key={i}>{part.value}</del> : <span key={i}>{part.value}</span>,
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
  if (current.error) return <ErrorMessage error={current.error} />;
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
  const [error, setError] = useState<unknown>();
  if (history.error) return <ErrorMessage error={history.error} onRetry={history.reload} />;
  if (!history.data) return <Loading />;
  const revisions = history.data.revisions;
  const chosen = revisions.find((r) => r.number === selected) ?? revisions.at(-1);
  const title = plainName(entry.data?.title ?? '');
  const restore = async (number: number): Promise<void> => {
    if (!window.confirm(t('history.restoreConfirm', { number }))) return;
    try {
      await client.call('entries.restore', { id, number });
      navigate({ screen: 'entry', id });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="history">
      <h1>
        <Sentence k="history.title" values={{ title: <Data>{title}</Data> }} />
      </h1>
      {error !== undefined && <ErrorMessage error={error} />}
      <div className="split">
        <ol className="revisions" aria-label={t('entry.history')}>
          {revisions.map((r) => (
            <li key={r.number} aria-current={r.number === chosen?.number ? 'true' : undefined}>
              <button type="button" onClick={() => setSelected(r.number)}>
                #{r.number} · {t(`history.actions.${r.action}`)} · {formatDate(r.at, i18n.language)}
                {r.author && (
                  <>
                    {' · '}
                    <Sentence k="history.by" values={{ author: <Data>{r.author}</Data> }} />
                  </>
                )}
                {r.source && (
                  <>
                    {' · '}
                    <Sentence k="history.from" values={{ source: <Data>{r.source}</Data> }} />
                  </>
                )}
              </button>
              <div className="muted">
                {formatList(
                  r.changed.map((f) => t(`fields.${f}`)),
                  i18n.language,
                )}
              </div>
              {r.claimed && (
                <div className="muted">
                  <Sentence
                    k="history.claimed"
                    values={{ number: String(r.claimed.number), action: <Data>{r.claimed.action}</Data>, at: formatDate(r.claimed.at, i18n.language) }}
                  />
                </div>
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
