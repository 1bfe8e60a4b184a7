import { THESAURUS_LANGUAGES } from '../../../shared/label-language.js';
import type { CatalogueCore } from '../catalogue.js';

/** Words that never make a label on their own, nor start or end one. */
const STOPWORDS = new Set(
  (
    'a an and at by for from in into of on or the to with without using via new improved method device ' +
    'и в во на с со по для из к от при без или о об а не как'
  ).split(' '),
);
/** Terms offered per concept and language at most, best first. */
const PER_CONCEPT = 3;

/** The label language an entry's language stands for (entries say "zh", labels "zh-Hans"). */
function labelLanguage(entryLanguage: string): string {
  const base = entryLanguage.toLowerCase().split('-')[0] ?? '';
  return base === 'zh' ? 'zh-Hans' : base;
}

/** Candidate terms of a title: runs of one to three words (Latin, Cyrillic), or two to four Han characters. */
export function candidateTerms(title: string): Set<string> {
  const terms = new Set<string>();
  for (const run of title.match(/\p{Script=Han}+/gu) ?? []) {
    for (let n = 2; n <= 4; n += 1) for (let i = 0; i + n <= run.length; i += 1) terms.add(run.slice(i, i + n));
  }
  const words = (title.toLowerCase().match(/[\p{Script=Latin}\p{Script=Cyrillic}][\p{Script=Latin}\p{Script=Cyrillic}\d-]*/gu) ?? []).filter(
    (w) => w.length > 1,
  );
  for (let n = 1; n <= 3; n += 1) {
    for (let i = 0; i + n <= words.length; i += 1) {
      const gram = words.slice(i, i + n);
      if (STOPWORDS.has(gram[0] as string) || STOPWORDS.has(gram[n - 1] as string) || (n === 1 && (gram[0] as string).length < 4)) continue;
      terms.add(gram.join(' '));
    }
  }
  return terms;
}

/**
 * Looks in the catalogue for labels a concept lacks. For each concept without a preferred
 * label in one of the thesaurus languages, the entries in that language that are linked
 * (related, derived-from) to entries carrying the concept's tags, or that carry one of its
 * IPC codes, are read; a term of their titles found in at least two of them (and in half)
 * is offered as a candidate. Returns how many new suggestions were recorded.
 */
export function suggestLabels(catalogue: CatalogueCore): number {
  const concepts = catalogue.concepts;
  if (!concepts) return 0;
  const { db } = catalogue;
  const linkedTo = db.prepare(
    `SELECT DISTINCT e.id, e.title, e.language FROM entry_tags et
       JOIN tags t ON t.id = et.tag_id AND t.concept_id = ?
       JOIN links l ON (l.from_id = et.entry_id OR l.to_id = et.entry_id) AND l.type IN ('related', 'derived-from')
       JOIN entries e ON e.id = CASE WHEN l.from_id = et.entry_id THEN l.to_id ELSE l.from_id END`,
  );
  const byCode = db.prepare(
    `SELECT DISTINCT e.id, e.title, e.language FROM concept_codes cc
       JOIN entry_classifications c ON c.code = cc.code OR c.code LIKE cc.code || '%'
       JOIN entries e ON e.id = c.entry_id
       WHERE cc.concept_id = ?`,
  );
  let added = 0;
  catalogue.transaction(() => {
    for (const node of concepts.tree()) {
      const missing = THESAURUS_LANGUAGES.filter((lang) => node.prefLabels[lang] === undefined);
      if (missing.length === 0) continue;
      const sources: [string, { id: string; title: string; language: string }[]][] = [
        ['links', linkedTo.all(node.id) as { id: string; title: string; language: string }[]],
        ['ipc', byCode.all(node.id) as { id: string; title: string; language: string }[]],
      ];
      for (const lang of missing) {
        for (const [source, rows] of sources) {
          const entries = rows.filter((r) => labelLanguage(r.language) === lang);
          if (entries.length < 2) continue;
          const df = new Map<string, number>();
          for (const entry of entries) for (const term of candidateTerms(entry.title)) df.set(term, (df.get(term) ?? 0) + 1);
          const best = [...df]
            .filter(([, n]) => n >= 2 && n * 2 >= entries.length)
            // Longer terms first among equals: "cloth shearing" says more than "shearing".
            .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || a[0].localeCompare(b[0]))
            .slice(0, PER_CONCEPT);
          for (const [term] of best) if (concepts.suggest(node.id, lang, term, `${source}:${entries.length} entries`)) added += 1;
        }
      }
    }
  });
  return added;
}
