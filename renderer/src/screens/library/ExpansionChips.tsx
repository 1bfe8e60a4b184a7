import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueryExpansion } from '../../../../shared/schemas/search.js';

/**
 * "Also searched: стригальная машина, 剪呢机": what the thesaurus added to the query, one chip
 * per concept, each a toggle. Switching one off adds its concept to the state's `expandOff`
 * (kept in the URL), so the person decides what the query means.
 */
export function ExpansionChips({
  expansion,
  off,
  onChange,
}: {
  expansion: readonly QueryExpansion[];
  off: readonly string[];
  onChange: (off: string[]) => void;
}): ReactNode {
  const { t } = useTranslation();
  const shown = expansion.filter((e) => e.labels.length > 0);
  if (shown.length === 0) return null;
  const toggle = (id: string): void => onChange(off.includes(id) ? off.filter((o) => o !== id) : [...off, id]);
  return (
    <div className="expansion-chips" role="group" aria-label={t('search.expansion.label')}>
      <span className="muted">{t('search.expansion.alsoSearched')}</span>
      {shown.map((e) => {
        const on = !off.includes(e.conceptId);
        return (
          <button
            key={`${e.conceptId}-${e.matched}`}
            type="button"
            className={`expansion-chip${on ? '' : ' off'}${e.narrower ? ' narrower' : ''}`}
            aria-pressed={on}
            disabled={!on && !e.enabled && !off.includes(e.conceptId)}
            title={e.narrower ? t('search.expansion.narrowerHint') : t('search.expansion.hint')}
            onClick={() => toggle(e.conceptId)}
          >
            {e.labels
              .map((l) => (
                <span key={`${l.lang}-${l.text}`} lang={l.lang} data-content="">
                  {l.text}
                </span>
              ))
              .reduce<ReactNode[]>((acc, node, i) => (i === 0 ? [node] : [...acc, ', ', node]), [])}
          </button>
        );
      })}
    </div>
  );
}
