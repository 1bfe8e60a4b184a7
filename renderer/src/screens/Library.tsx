import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../shared/schemas/search.js';
import { useTransport } from '../app/context.js';
import { INITIAL_LIBRARY, type LibraryState } from '../app/library-url.js';
import { hrefFor, navigate } from '../app/router.js';
import { ErrorMessage, ErrorText } from '../components/common.js';
import { EmptyCatalogue } from './EmptyCatalogue.js';
import { FacetSidebar } from './FacetSidebar.js';
import { BulkBar } from './library/BulkBar.js';
import { ReindexNotice } from './library/ReindexNotice.js';
import { ExpansionChips } from './library/ExpansionChips.js';
import { ResultRow } from './library/ResultRow.js';
import { handleResultKey } from './library/result-keys.js';
import { useResultSelection } from './library/selection.js';
import { isQueryMistake } from './query-while-typing.js';
import { useLibrarySearch } from './use-library-search.js';

export { INITIAL_LIBRARY };
export type { LibraryState };

/** `replace` for what should not make a history entry of its own (each keystroke in the search box). */
export type LibraryChange = (state: LibraryState, history?: 'push' | 'replace') => void;

const ROW_HEIGHT = 92;

/** The row last active in the library and the search it belongs to, kept while an entry is open. */
let keptActive: { scope: string; id: string } | null = null;

export function Library({ state, onChange }: { state: LibraryState; onChange: LibraryChange }): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const [active, setActive] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const { results, facets, error, busy, loadMore, reload } = useLibrarySearch(client, state, () => {
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

  const selection = useResultSelection(state.query, state.filters, state.expandOff, hits, results?.total ?? 0);
  // Back from an entry, the row it was opened from is the active one again, scrolled into view.
  const scope = JSON.stringify([state.query, state.filters, state.sort]);
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current || !results) return;
    restored.current = true;
    const index = keptActive?.scope === scope ? results.hits.findIndex((h) => h.id === keptActive?.id) : -1;
    if (index > 0) {
      setActive(index);
      requestAnimationFrame(() => virtualizer.scrollToIndex(index, { align: 'center' }));
    }
  }, [results, scope, virtualizer]);
  useEffect(() => {
    const id = hits[active]?.id;
    if (id !== undefined && restored.current) keptActive = { scope, id };
  }, [active, hits, scope]);
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
          onChange={(e) => onChange({ ...state, query: e.target.value }, 'replace')}
          aria-describedby={isQueryMistake(error) ? 'query-hint' : undefined}
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
      {results && results.query === state.query && (
        <ExpansionChips
          expansion={results.expansion}
          off={state.expandOff ?? []}
          onChange={(off) => onChange({ ...state, expandOff: off.length > 0 ? off : undefined })}
        />
      )}
      <div className="library-body">
        <FacetSidebar
          facets={facets?.facets ?? null}
          busy={facets?.current === false}
          state={state}
          onChange={(filters) => onChange({ ...state, filters })}
          onApply={(saved) => onChange(saved)}
        />
        <section className="results" aria-label={t('library.resultsLabel')} aria-busy={busy}>
          {isQueryMistake(error) ? (
            // A query the core cannot read is not a failure of the app: said calmly, beside the box it is about.
            <p className="query-hint" id="query-hint" aria-live="polite">
              {t('search.hint')} <ErrorText error={error} />
            </p>
          ) : (
            error !== undefined && <ErrorMessage error={error} onRetry={reload} />
          )}
          <p className="muted" role="status" aria-live="polite">
            {results && !results.catalogueEmpty ? t('library.results', { count: results.total }) : ''}
          </p>
          {results?.reindexing && <ReindexNotice reindexing={results.reindexing} />}
          {results?.condensed && (
            // A pasted text is ranked by its most informative words; the person is told, never refused.
            <p className="muted query-condensed">
              {results.condensed.termsKept < results.condensed.terms &&
                t('search.condensed.terms', { count: results.condensed.termsKept, terms: results.condensed.terms })}{' '}
              {results.condensed.wordsLeftOut > 0 &&
                t('search.condensed.wordsLeftOut', { count: results.condensed.wordsLeftOut, read: results.condensed.words - results.condensed.wordsLeftOut })}
            </p>
          )}
          {results?.suggestion && (
            // Built from the catalogue's own words; one click runs it as if it had been typed.
            <p className="did-you-mean">
              {t('search.didYouMean')}{' '}
              <button type="button" className="link" onClick={() => onChange({ ...state, query: results.suggestion?.query ?? state.query })}>
                {results.suggestion.query}
              </button>{' '}
              <span className="muted">{t('search.didYouMeanHits', { count: results.suggestion.hits })}</span>
            </p>
          )}
          {results && results.total === 0 && (results.catalogueEmpty ? <EmptyCatalogue onLoaded={reload} /> : <p>{t('library.noResults')}</p>)}
          <BulkBar selection={selection} total={results?.total ?? 0} />
          <div ref={scroller} className="result-scroller">
            {/* data-query names the query these results answer, so tests and the UI benchmark can tell when they are painted. */}
            <ul
              role="list"
              aria-label={t('library.resultsLabel')}
              data-query={results?.query ?? ''}
              style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
            >
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
