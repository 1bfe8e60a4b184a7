import type { ConceptNode } from '../../../../shared/schemas/thesaurus.js';

/** The label languages the screens show side by side, in this order. */
export const SHOWN_LANGUAGES = ['en', 'ru', 'zh-Hans'] as const;
export type ShownLanguage = (typeof SHOWN_LANGUAGES)[number];

/** A concept's place in the tree as drawn: how deep, and under which concept it was drawn. */
export interface TreeRow {
  node: ConceptNode;
  depth: number;
  parent: string | null;
}

/**
 * The tree as rows, from the core's depth-first order (broader concepts before narrower
 * ones). A concept with several broader concepts is drawn once, under the first one drawn
 * before it; a concept whose broader concepts come later (a damaged cycle) goes at the top.
 */
export function treeRows(nodes: readonly ConceptNode[]): TreeRow[] {
  const depth = new Map<string, number>();
  const rows: TreeRow[] = [];
  for (const node of nodes) {
    const parent = node.broader.find((id) => depth.has(id)) ?? null;
    const d = parent === null ? 0 : (depth.get(parent) ?? 0) + 1;
    depth.set(node.id, d);
    rows.push({ node, depth: d, parent });
  }
  return rows;
}

/** The name to show for a concept in one language, falling back to any other it has. */
export function conceptName(node: Pick<ConceptNode, 'prefLabels' | 'uri'>, lang: string): string {
  return node.prefLabels[lang] ?? SHOWN_LANGUAGES.map((l) => node.prefLabels[l]).find((l) => l !== undefined) ?? Object.values(node.prefLabels)[0] ?? node.uri;
}

/**
 * The rows a filter leaves: concepts one of whose preferred labels or URI contains the
 * filter (ignoring case), with the concepts above them so each stays in its place.
 */
export function filterRows(rows: readonly TreeRow[], filter: string): TreeRow[] {
  const needle = filter.trim().toLocaleLowerCase();
  if (needle === '') return [...rows];
  const byId = new Map(rows.map((r) => [r.node.id, r]));
  const keep = new Set<string>();
  for (const row of rows) {
    const hay = [...Object.values(row.node.prefLabels), row.node.uri].map((s) => s.toLocaleLowerCase());
    if (!hay.some((s) => s.includes(needle))) continue;
    for (let at: TreeRow | undefined = row; at && !keep.has(at.node.id); at = at.parent === null ? undefined : byId.get(at.parent)) {
      keep.add(at.node.id);
    }
  }
  return rows.filter((r) => keep.has(r.node.id));
}

/** The rows left visible when the concepts in `closed` hide what is below them. */
export function visibleRows(rows: readonly TreeRow[], closed: ReadonlySet<string>): TreeRow[] {
  const out: TreeRow[] = [];
  let hideBelow: number | null = null;
  for (const row of rows) {
    if (hideBelow !== null && row.depth > hideBelow) continue;
    hideBelow = closed.has(row.node.id) ? row.depth : null;
    out.push(row);
  }
  return out;
}
