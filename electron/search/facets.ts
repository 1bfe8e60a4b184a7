import type { FacetCount, SearchFacets } from '../../shared/schemas/search.js';
import { SECTIONS } from './indexer.js';

/** One row of the facet query: a combination of facet values and how many matches have it. */
export interface FacetRow {
  kind: string;
  status: string;
  language: string;
  year: number;
  enterprise_id: string | null;
  sections: number;
  n: number;
}

export const SECTION_TITLES: Record<(typeof SECTIONS)[number], string> = {
  A: 'Human necessities',
  B: 'Performing operations; transporting',
  C: 'Chemistry; metallurgy',
  D: 'Textiles; paper',
  E: 'Fixed constructions',
  F: 'Mechanical engineering; lighting; heating; weapons; blasting',
  G: 'Physics',
  H: 'Electricity',
};

const MAX_VALUES = 50;

function sorted(counts: Map<string, number>, label: (key: string) => string, order: 'count' | 'key-desc' = 'count'): FacetCount[] {
  const list = [...counts].map(([key, count]) => ({ key, label: label(key), count }));
  list.sort(order === 'count' ? (a, b) => b.count - a.count || a.key.localeCompare(b.key) : (a, b) => b.key.localeCompare(a.key));
  return list.slice(0, MAX_VALUES);
}

/**
 * Folds the grouped rows into one count list per facet. The facet query groups every match
 * by all single-valued facet columns at once (one pass over the matches inside SQLite, not
 * one per facet); the marginals are summed here over the far fewer distinct combinations.
 */
export function foldFacets(
  rows: readonly FacetRow[],
  tagCounts: readonly { key: string; label: string; count: number }[],
  enterpriseName: (id: string) => string,
): { total: number; facets: SearchFacets } {
  const kind = new Map<string, number>();
  const status = new Map<string, number>();
  const language = new Map<string, number>();
  const year = new Map<string, number>();
  const enterprise = new Map<string, number>();
  const section = new Map<string, number>();
  let total = 0;
  const add = (map: Map<string, number>, key: string, n: number): void => {
    map.set(key, (map.get(key) ?? 0) + n);
  };
  for (const row of rows) {
    total += row.n;
    add(kind, row.kind, row.n);
    add(status, row.status, row.n);
    add(language, row.language, row.n);
    if (row.year > 0) add(year, String(row.year), row.n);
    if (row.enterprise_id !== null) add(enterprise, row.enterprise_id, row.n);
    SECTIONS.forEach((letter, bit) => {
      if (row.sections & (1 << bit)) add(section, letter, row.n);
    });
  }
  const same = (key: string): string => key;
  return {
    total,
    facets: {
      kind: sorted(kind, same),
      status: sorted(status, same),
      tag: [...tagCounts],
      enterprise: sorted(enterprise, enterpriseName),
      section: sorted(section, (key) => `${key} — ${SECTION_TITLES[key as (typeof SECTIONS)[number]]}`),
      year: sorted(year, same, 'key-desc'),
      language: sorted(language, same),
    },
  };
}
