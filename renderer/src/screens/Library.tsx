import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchFacets, SearchFilters, SearchHit } from '../../../shared/schemas/search.js';
import { useTransport } from '../app/context.js';
import { hrefFor, navigate } from '../app/router.js';
import { Data, ErrorMessage } from '../components/common.js';
import { languageName } from '../i18n/format.js';

import { useLibrarySearch, type LibraryState } from './use-library-search.js';
import { useCatalogueChanged } from '../app/undo.js';
import { BulkBar } from './library/BulkBar.js';
import { ResultRow } from './library/ResultRow.js';
import { handleResultKey } from './library/result-keys.js';
import { useResultSelection } from './library/selection.js';

export type { LibraryState };

export const INITIAL_LIBRARY: LibraryState = { query: '', filters: {}, sort: 'relevance' };

type FacetName = keyof SearchFacets;
/** Which request filter each facet toggles. */
const FACET_FILTER: Record<FacetName, keyof SearchFilters> = {
  kind: 'kind',
  status: 'status',
  tag: 'tags',
  enterprise: 'enterprise',
  section: 'classification',
  year: 'yearFrom',
  language: 'language',
};
const FACET_LABEL: Record<FacetName, string> = {
  kind: 'facets.kind',
  status: 'facets.status',
  tag: 'facets.tag',
  enterprise: 'facets.enterprise',
  section: 'facets.classification',
  year: 'facets.year',
  language: 'facets.language',
};

function isSelected(filters: SearchFilters, facet: FacetName, key: string): boolean {
  const value = filters[FACET_FILTER[facet]];
  if (facet === 'year') return filters.yearFrom === Number(key) && filters.yearTo === Number(key);
  if (Array.isArray(value)) return (value as string[]).includes(key);
  return value === key;
}

function toggle(filters: SearchFilters, facet: FacetName, key: string): SearchFilters {
  const next: SearchFilters = { ...filters };
  if (facet === 'year') {
    if (isSelected(filters, facet, key)) {
      delete next.yearFrom;
      delete next.yearTo;
    } else {
      next.yearFrom = Number(key);
      next.yearTo = Number(key);
    }
    return next;
  }
  if (facet === 'enterprise') {
    if (filters.enterprise === key) delete next.enterprise;
    else next.enterprise = key;
    return next;
  }
  const name = FACET_FILTER[facet] as 'kind' | 'status' | 'tags' | 'classification' | 'language';
  const current = (filters[name] ?? []);
  const updated = current.includes(key) ? current.filter((v) => v !== key) : [...current, key];
  if (updated.length === 0) delete next[name];
  else (next as Record<string, unknown>)[name] = updated;
  return next;
}

function FacetSidebar({
  facets,
  busy,
  state,
  onChange,
}: {
  facets: SearchFacets | null;
  busy: boolean;
  state: LibraryState;
  onChange: (f: SearchFilters) => void;
}): ReactNode {
  const { t, i18n } = useTranslation();
  if (!facets) return <aside className="facets" aria-label={t('library.filters')} aria-busy="true" />;
  const active = Object.keys(state.filters).length > 0;
  return (
    <aside className={`facets${busy ? ' stale' : ''}`} aria-label={t('library.filters')} aria-busy={busy}>
      {active && (
        <button type="button" onClick={() => onChange({})}>
          {t('library.clearFilters')}
        </button>
      )}
      {(Object.keys(FACET_FILTER) as FacetName[]).map((facet) =>
        facets[facet].length === 0 ? null : (
          <fieldset key={facet} className="facet">
            <legend>{t(FACET_LABEL[facet])}</legend>
            <ul>
              {facets[facet].slice(0, facet === 'tag' ? 40 : 20).map((f) => {
                // Closed vocabularies are said in the interface language; tags and enterprises are the catalogue's own words.
                const label: ReactNode =
                  facet === 'kind'
                    ? t(`kinds.${f.key}`, { defaultValue: f.label })
                    : facet === 'status'
                      ? t(`statuses.${f.key}`, { defaultValue: f.label })
                      : facet === 'section'
                        ? t(`facets.sections.${f.key}`, { defaultValue: f.label })
                        : facet === 'language'
                          ? languageName(f.key, i18n.language)
                          : facet === 'year'
                            ? f.label
                            : <Data>{f.label}</Data>;
                const depth = facet === 'tag' ? f.key.split('/').length - 1 : 0;
                return (
                  <li key={f.key} style={depth ? { paddingInlineStart: `${depth}rem` } : undefined}>
                    <label>
                      <input type="checkbox" checked={isSelected(state.filters, facet, f.key)} onChange={() => onChange(toggle(state.filters, facet, f.key))} />{' '}
                      {label} <span className="count">{f.count}</span>
                    </label>
                  </li>
                );
              })}
            </ul>
          </fieldset>
        ),
      )}
    </aside>
  );
}

const ROW_HEIGHT = 92;

export function Library({ state, onChange }: { state: LibraryState; onChange: (s: LibraryState) => void }): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const [active, setActive] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const { results, facets, error, busy, loadMore } = useLibrarySearch(client, state, () => {
    setActive(0);
    scroller.current?.scrollTo({ top: 0 });
  });

  const hits = results?.hits ?? [];
  const virtualizer = useVirtualizer({ count: hits.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (lastIndex >= hits.length - 10) loadMore();
  }, [lastIndex, hits.length, loadMore]);

  const selection = useResultSelection(state.query, state.filters, hits, results?.total ?? 0);
  // After a bulk action or an undo the same search is asked again, so the rows show what changed.
  useCatalogueChanged(useCallback(() => onChange({ ...state }), [onChange, state]));
  const focusActive = useRef(false);
  useEffect(() => {
    if (!focusActive.current) return;
    focusActive.current = false;
    // The virtual list may paint the row a frame after scrolling to it.
    const focus = (tries: number): void => {
      const box = scroller.current?.querySelector<HTMLInputElement>(`li[data-index="${active}"] .hit-check`);
      if (box) box.focus();
      else if (tries > 0) requestAnimationFrame(() => focus(tries - 1));
    };
    focus(3);
  }, [active]);
  const onKeyDown = (event: KeyboardEvent): void =>
    handleResultKey(event, {
      count: hits.length,
      active,
      selection,
      list: scroller.current,
      moveTo: (index, focus) => {
        focusActive.current = focus;
        setActive(index);
        virtualizer.scrollToIndex(index);
      },
      open: (index, newTab) => {
        const hit = hits[index];
        if (!hit) return;
        if (newTab) window.open(hrefFor({ screen: 'entry', id: hit.id }), '_blank', 'noopener');
        else navigate({ screen: 'entry', id: hit.id });
      },
    });
  const tabbable = items.some((item) => item.index === active) ? active : (items[0]?.index ?? -1);

  return (
    <div className="library" onKeyDown={onKeyDown}>
      <div className="search-bar">
        <input
          ref={searchBox}
          id="search"
          type="search"
          aria-label={t('library.search')}
          placeholder={t('library.placeholder')}
          value={state.query}
          onChange={(e) => onChange({ ...state, query: e.target.value })}
          autoFocus
          autoComplete="off"
          spellCheck={false}
        />
        <label>
          {t('library.sort')}{' '}
          <select value={state.sort} onChange={(e) => onChange({ ...state, sort: e.target.value as LibraryState['sort'] })}>
            <option value="relevance">{t('library.sortRelevance')}</option>
            <option value="newest">{t('library.sortNewest')}</option>
            <option value="title">{t('library.sortTitle')}</option>
          </select>
        </label>
      </div>
      <div className="library-body">
        <FacetSidebar facets={facets?.facets ?? null} busy={facets?.current === false} state={state} onChange={(filters) => onChange({ ...state, filters })} />
        <section className="results" aria-label={t('library.resultsLabel')} aria-busy={busy}>
          {error !== undefined && <ErrorMessage error={error} />}
          <p className="muted" role="status" aria-live="polite">
            {results ? t('library.results', { count: results.total }) : ''}
          </p>
          {results && results.total === 0 && <p>{t('library.noResults')}</p>}
          <BulkBar selection={selection} total={results?.total ?? 0} />
          <div ref={scroller} className="result-scroller">
            {/* data-query names the query these results answer, so tests and the UI benchmark can tell when they are painted. */}
            <ul role="list" aria-label={t('library.resultsLabel')} data-query={results?.query ?? ''} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const hit = hits[item.index] as SearchHit;
                return (
                  <ResultRow
                    key={hit.id}
                    hit={hit}
                    index={item.index}
                    active={item.index === active}
                    selected={selection.isSelected(hit.id)}
                    tabbable={item.index === tabbable}
                    style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                    onToggle={selection.toggle}
                    onHover={setActive}
                  />
                );
              })}
            </ul>
          </div>
        </section>
      </div>
    </div>
  );
}
