import path from 'node:path';
import { addJudgement, type Collection, expectCount, judgedPairs, readText, smartRecords } from './types.js';

/** MEDLINE, SMART format with CRLF; no title field, so the title is the doc id for both engines. */
export function loadMed(root: string): Collection {
  const dir = path.join(root, 'med');
  const docs = smartRecords(readText(dir, 'MED.ALL')).map((r) => ({ id: String(Number(r.id)), title: String(Number(r.id)), text: r.fields.get('W') ?? '' }));
  const queries = smartRecords(readText(dir, 'MED.QRY')).map((r) => ({ id: String(Number(r.id)), text: r.fields.get('W') ?? '' }));
  const judgements = new Map<string, Map<string, number>>();
  let lines = 0;
  for (const line of readText(dir, 'MED.REL').split('\n')) {
    const [q, , d] = line.trim().split(/\s+/);
    if (!q || !d) continue;
    lines += 1;
    addJudgement(judgements, String(Number(q)), String(Number(d)), 1);
  }
  expectCount('med', 'documents', docs.length, 1033);
  expectCount('med', 'queries', queries.length, 30);
  expectCount('med', 'judgement lines', lines, 696);
  expectCount('med', 'judged pairs', judgedPairs(judgements), 696);
  expectCount('med', 'judged queries', judgements.size, 30);
  return { name: 'med', docs, queries, judgements, gains: 'binary: gain 1 for relevant' };
}
