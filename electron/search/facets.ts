import type { SECTIONS } from './indexer.js';

/** Facet counts are computed by FacetStore (facet-store.ts); these are the section labels it shows. */
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
