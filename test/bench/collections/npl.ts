import path from 'node:path';
import { addJudgement, type Collection, expectCount, judgedPairs, readText } from './types.js';

/** NPL's own layout: an id line, text lines, then a line holding only `/` (padded or not). */
function blocks(text: string): { id: string; body: string }[] {
  const out: { id: string; body: string }[] = [];
  let id: string | undefined;
  let lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (id === undefined) {
      if (line) id = String(Number(line));
    } else if (line === '/') {
      out.push({ id, body: lines.join(' ').replace(/\s+/g, ' ').trim() });
      id = undefined;
      lines = [];
    } else lines.push(line);
  }
  return out;
}

/** NPL (Vaswani): no title field, so the title is the doc id for both engines. */
export function loadNpl(root: string): Collection {
  const dir = path.join(root, 'npl');
  const docs = blocks(readText(dir, 'doc-text')).map((b) => ({ id: b.id, title: b.id, text: b.body }));
  const queries = blocks(readText(dir, 'query-text')).map((b) => ({ id: b.id, text: b.body }));
  const judgements = new Map<string, Map<string, number>>();
  for (const b of blocks(readText(dir, 'rlv-ass'))) for (const d of b.body.split(/\s+/).filter(Boolean)) addJudgement(judgements, b.id, String(Number(d)), 1);
  expectCount('npl', 'documents', docs.length, 11429);
  expectCount('npl', 'distinct document ids', new Set(docs.map((d) => d.id)).size, 11429);
  expectCount('npl', 'queries', queries.length, 93);
  expectCount('npl', 'judged pairs', judgedPairs(judgements), 2083);
  expectCount('npl', 'judged queries', judgements.size, 93);
  return { name: 'npl', docs, queries, judgements, gains: 'binary: gain 1 for relevant' };
}
