import path from 'node:path';
import { addJudgement, type Collection, expectCount, judgedPairs, readText, smartRecords } from './types.js';

/** Cranfield, SMART format; queries are numbered by file position, grades 1..4 give gain 5 - grade. */
export function loadCranfield(root: string): Collection {
  const dir = path.join(root, 'cranfield');
  const docs = smartRecords(readText(dir, 'cran.all.1400')).map((r) => ({
    id: String(Number(r.id)),
    title: r.fields.get('T') ?? '',
    text: r.fields.get('W') ?? '',
  }));
  const queries = smartRecords(readText(dir, 'cran.qry')).map((r, i) => ({ id: String(i + 1), text: r.fields.get('W') ?? '' }));
  const judgements = new Map<string, Map<string, number>>();
  for (const line of readText(dir, 'cranqrel').split('\n')) {
    const [q, d, g] = line.trim().split(/\s+/).map(Number);
    if (q === undefined || d === undefined || g === undefined || Number.isNaN(g) || g < 1 || g > 4) continue;
    addJudgement(judgements, String(q), String(d), 5 - g);
  }
  expectCount('cranfield', 'documents', docs.length, 1400);
  expectCount('cranfield', 'queries', queries.length, 225);
  expectCount('cranfield', 'judged queries', judgements.size, 225);
  return { name: 'cranfield', docs, queries, judgements, gains: `graded: gain = 5 - grade for grades 1..4 (${judgedPairs(judgements)} pairs)` };
}
