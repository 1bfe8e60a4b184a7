import path from 'node:path';
import { addJudgement, type Collection, expectCount, judgedPairs, readText, smartRecords } from './types.js';

/** CACM, SMART format: title `.T` and abstract `.W` (about half have one); `.I 0` ends the queries. */
export function loadCacm(root: string): Collection {
  const dir = path.join(root, 'cacm');
  const docs = smartRecords(readText(dir, 'cacm.all')).map((r) => ({
    id: String(Number(r.id)),
    title: r.fields.get('T') ?? '',
    text: r.fields.get('W') ?? '',
  }));
  const queries = smartRecords(readText(dir, 'query.text'))
    .filter((r) => Number(r.id) !== 0)
    .map((r) => ({ id: String(Number(r.id)), text: r.fields.get('W') ?? '' }));
  const judgements = new Map<string, Map<string, number>>();
  let lines = 0;
  for (const line of readText(dir, 'qrels.text').split('\n')) {
    const [q, d] = line.trim().split(/\s+/);
    if (!q || !d) continue;
    lines += 1;
    addJudgement(judgements, String(Number(q)), String(Number(d)), 1);
  }
  expectCount('cacm', 'documents', docs.length, 3204);
  expectCount('cacm', 'queries', queries.length, 64);
  expectCount('cacm', 'judgement lines', lines, 796);
  expectCount('cacm', 'judged pairs', judgedPairs(judgements), 796);
  expectCount('cacm', 'judged queries', judgements.size, 52);
  return { name: 'cacm', docs, queries, judgements, gains: 'binary: gain 1 for relevant' };
}
