import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Suggestion } from '../../../../shared/schemas/thesaurus.js';
import { useTransport } from '../../app/context.js';
import { useCall } from '../../app/use-call.js';
import { Data, ErrorMessage, Loading, Sentence } from '../../components/common.js';
import { LangBadge } from './LabelCells.js';
import { conceptName, type TreeRow } from './concept-tree.js';

/** Candidate labels the catalogue itself suggests, each accepted (as an alternative or preferred label) or rejected. */
export function SuggestionsPanel({ rows, onChanged }: { rows: readonly TreeRow[]; onChanged: () => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const { client } = useTransport();
  const [looking, setLooking] = useState(false);
  const list = useCall('thesaurus.suggestions', { state: 'open', limit: 200 });
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<{ key: string; label: string } | null>(null);
  const lang = i18n.language === 'zh' ? 'zh-Hans' : i18n.language;
  const byId = useMemo(() => new Map(rows.map((r) => [r.node.id, r.node])), [rows]);

  const decide = async (suggestion: Suggestion, how: 'alt' | 'pref' | 'reject'): Promise<void> => {
    setError(undefined);
    try {
      if (how === 'reject') await client.call('thesaurus.rejectSuggestion', { id: suggestion.id });
      else await client.call('thesaurus.acceptSuggestion', { id: suggestion.id, kind: how });
      setNotice({ key: how === 'reject' ? 'thesaurus.suggestions.rejected' : 'thesaurus.suggestions.accepted', label: suggestion.text });
      list.reload();
      if (how !== 'reject') onChanged();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="suggestions" aria-labelledby="suggestions-heading">
      <h2 id="suggestions-heading">{t('thesaurus.suggestions.heading')}</h2>
      <button
        type="button"
        disabled={looking}
        onClick={() => {
          // Looking reads the whole catalogue, so only this button does it; accepting or rejecting just lists again.
          setLooking(true);
          setError(undefined);
          client
            .call('thesaurus.suggestions', { state: 'open', limit: 1, refresh: true })
            .then(list.reload, (e: unknown) => setError(e))
            .finally(() => setLooking(false));
        }}
      >
        {t('thesaurus.suggestions.refresh')}
      </button>
      {notice && (
        <p role="status" className="notice">
          <Sentence k={notice.key} values={{ label: <Data>{notice.label}</Data> }} />
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
      {list.error ? (
        <ErrorMessage error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.suggestions.length === 0 ? (
        <p className="muted">{t('thesaurus.suggestions.none')}</p>
      ) : (
        <ul className="suggestion-list">
          {list.data.suggestions.map((s) => {
            const node = byId.get(s.conceptId);
            return (
              <li key={s.id} data-suggestion={s.id}>
                <LangBadge lang={s.lang} />{' '}
                <Data lang={s.lang} className="suggestion-text">
                  {s.text}
                </Data>{' '}
                <span className="muted">
                  <Sentence k="thesaurus.suggestions.forConcept" values={{ concept: <Data>{node ? conceptName(node, lang) : s.conceptId}</Data> }} /> ·{' '}
                  <Sentence k="thesaurus.suggestions.source" values={{ source: <Data>{s.source}</Data> }} />
                </span>{' '}
                <button type="button" onClick={() => void decide(s, 'alt')}>
                  {t('thesaurus.suggestions.acceptAlt')}
                </button>
                <button type="button" onClick={() => void decide(s, 'pref')}>
                  {t('thesaurus.suggestions.acceptPref')}
                </button>
                <button type="button" className="danger" onClick={() => void decide(s, 'reject')}>
                  {t('thesaurus.suggestions.reject')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
