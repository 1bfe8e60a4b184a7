import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FacetCount, SearchFacets, SearchFilters, TagFacetCount } from '../../../shared/schemas/search.js';
import type { LibraryState } from '../app/library-url.js';
import { Data } from '../components/common.js';
import { languageName } from '../i18n/format.js';
import { SavedSearches } from './SavedSearches.js';

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
const SHOWN: Record<FacetName, number> = { kind: 20, status: 20, tag: 40, enterprise: 20, section: 20, year: 20, language: 20 };

function isSelected(filters: SearchFilters, facet: FacetName, key: string): boolean {
  const value = filters[FACET_FILTER[facet]];
  if (facet === 'year') return filters.yearFrom === Number(key) && filters.yearTo === Number(key);
  if (Array.isArray(value)) return (value as string[]).includes(key);
  return value === key;
}

/** The values of a facet the filters choose, as keys of that facet. */
function chosen(filters: SearchFilters, facet: FacetName): string[] {
  if (facet === 'year') return filters.yearFrom !== undefined && filters.yearFrom === filters.yearTo ? [String(filters.yearFrom)] : [];
  if (facet === 'enterprise') return filters.enterprise === undefined ? [] : [filters.enterprise];
  const value = filters[FACET_FILTER[facet]];
  return Array.isArray(value) ? (value as string[]) : [];
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
  const current = filters[name] ?? [];
  const updated = current.includes(key) ? current.filter((v) => v !== key) : [...current, key];
  if (updated.length === 0) delete next[name];
  else (next as Record<string, unknown>)[name] = updated;
  return next;
}

/**
 * The counts as the core gave them, plus any chosen value it did not list (a tag followed
 * from an entry page, an enterprise beyond the first twenty), so what filters the results
 * can always be seen and unticked. Such a value has no count to show.
 */
function withChosen<T extends FacetCount>(facet: FacetName, counts: T[], filters: SearchFilters, make: (key: string) => T): (T & { unlisted?: true })[] {
  const listed = counts.slice(0, SHOWN[facet]);
  const missing = chosen(filters, facet).filter((key) => !listed.some((f) => f.key === key));
  return [...listed, ...missing.map((key) => ({ ...make(key), unlisted: true as const }))];
}

interface TagNode {
  facet: TagFacetCount & { unlisted?: true };
  /** The last step of the path when the parent is listed above it; the whole path otherwise. */
  label: string;
  children: TagNode[];
}

/** The tag facet's pre-order list as a tree; a tag whose parent is not listed stands at the top. */
function tagTree(tags: (TagFacetCount & { unlisted?: true })[]): TagNode[] {
  const nodes = new Map<string, TagNode>();
  const roots: TagNode[] = [];
  for (const facet of tags) {
    const parent = facet.parent === null ? undefined : nodes.get(facet.parent);
    const node: TagNode = { facet, label: parent && facet.parent !== null ? facet.key.slice(facet.parent.length + 1) : facet.key, children: [] };
    nodes.set(facet.key, node);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

function Count({ facet }: { facet: FacetCount & { unlisted?: true } }): ReactNode {
  return facet.unlisted ? null : <span className="count">{facet.count}</span>;
}

function TagTree({ nodes, state, onChange }: { nodes: TagNode[]; state: LibraryState; onChange: (f: SearchFilters) => void }): ReactNode {
  const { t } = useTranslation();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const flip = (key: string): void =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const render = (list: TagNode[], level: number): ReactNode => (
    <ul className={level === 0 ? 'facet-tag-tree' : 'facet-tag-children'}>
      {list.map((node) => {
        const key = node.facet.key;
        const open = !collapsed.has(key);
        return (
          <li key={key} data-tag={key}>
            <span className="tag-row">
              {node.children.length > 0 ? (
                <button
                  type="button"
                  className="tree-toggle"
                  aria-expanded={open}
                  aria-label={t(open ? 'search.tree.collapse' : 'search.tree.expand')}
                  onClick={() => flip(key)}
                >
                  <span aria-hidden="true">{open ? '▾' : '▸'}</span>
                </button>
              ) : (
                <span className="tree-spacer" aria-hidden="true" />
              )}
              <label>
                <input type="checkbox" checked={isSelected(state.filters, 'tag', key)} onChange={() => onChange(toggle(state.filters, 'tag', key))} />{' '}
                <Data>{node.label}</Data> <Count facet={node.facet} />
              </label>
            </span>
            {open && node.children.length > 0 && render(node.children, level + 1)}
          </li>
        );
      })}
    </ul>
  );
  return render(nodes, 0);
}

/**
 * The library's sidebar: saved searches, then one group per facet. Every value of a facet
 * stays offered with its count while others of it are ticked (the core counts each facet as
 * if its own selection were absent), so "method or invention" is two ticks.
 */
export function FacetSidebar({
  facets,
  busy,
  state,
  onChange,
  onApply,
}: {
  facets: SearchFacets | null;
  busy: boolean;
  state: LibraryState;
  onChange: (f: SearchFilters) => void;
  /** A saved search was chosen. */
  onApply: (s: LibraryState) => void;
}): ReactNode {
  const { t, i18n } = useTranslation();
  const active = Object.keys(state.filters).length > 0;
  const labelOf = (facet: FacetName, f: FacetCount): ReactNode =>
    // Closed vocabularies are said in the interface language; tags and enterprises are the catalogue's own words.
    facet === 'kind' ? (
      t(`kinds.${f.key}`, { defaultValue: f.label })
    ) : facet === 'status' ? (
      t(`statuses.${f.key}`, { defaultValue: f.label })
    ) : facet === 'section' ? (
      f.key.length === 1 ? (
        t(`facets.sections.${f.key}`, { defaultValue: f.label })
      ) : (
        <Data>{f.label}</Data>
      )
    ) : facet === 'language' ? (
      languageName(f.key, i18n.language)
    ) : facet === 'year' ? (
      f.label
    ) : (
      <Data>{f.label}</Data>
    );
  return (
    <aside
      className={`facets${busy || !facets ? ' stale' : ''}`}
      aria-label={t('library.filters')}
      aria-busy={busy || !facets}
      // Enter on a button here presses it; it must not also open the highlighted result.
      onKeyDown={(e) => e.key === 'Enter' && e.stopPropagation()}
    >
      <SavedSearches state={state} onApply={onApply} />
      {active && (
        <button type="button" className="clear-filters" onClick={() => onChange({})}>
          {t('library.clearFilters')}
        </button>
      )}
      {facets &&
        (Object.keys(FACET_FILTER) as FacetName[]).map((facet) => {
          const empty = (key: string): FacetCount => ({ key, label: key, count: 0 });
          if (facet === 'tag') {
            const tags = withChosen('tag', facets.tag, state.filters, (key) => ({ ...empty(key), parent: null, depth: 0 }));
            if (tags.length === 0) return null;
            return (
              <fieldset key={facet} className="facet">
                <legend>{t(FACET_LABEL[facet])}</legend>
                <TagTree nodes={tagTree(tags)} state={state} onChange={onChange} />
              </fieldset>
            );
          }
          const values = withChosen(facet, facets[facet], state.filters, empty);
          if (values.length === 0) return null;
          return (
            <fieldset key={facet} className="facet">
              <legend>{t(FACET_LABEL[facet])}</legend>
              <ul>
                {values.map((f) => (
                  <li key={f.key}>
                    <label>
                      <input type="checkbox" checked={isSelected(state.filters, facet, f.key)} onChange={() => onChange(toggle(state.filters, facet, f.key))} />{' '}
                      {labelOf(facet, f)} <Count facet={f} />
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          );
        })}
    </aside>
  );
}
