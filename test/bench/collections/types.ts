import fs from 'node:fs';
import path from 'node:path';

/** One document as both engines index it: a title field and a body field. */
export interface BenchDoc {
  id: string;
  title: string;
  text: string;
}

export interface BenchQuery {
  id: string;
  text: string;
}

/**
 * A test collection. `judgements` maps a query id to its relevant docs with their gain for
 * nDCG (1 for every relevant doc of a binary collection); unjudged queries are absent.
 */
export interface Collection {
  name: string;
  docs: BenchDoc[];
  queries: BenchQuery[];
  judgements: Map<string, Map<string, number>>;
  /** How the gains were set, for the printed table. */
  gains: string;
}

/** Where the collections live: RATIO_BENCH, else `shared/bench` beside the checkout (or beside its worktree folder). */
export function benchDir(): string {
  if (process.env.RATIO_BENCH) return process.env.RATIO_BENCH;
  const candidates = ['../../../../shared/bench', '../../../../../shared/bench'].map((p) => path.resolve(import.meta.dirname, p));
  return candidates.find((dir) => fs.existsSync(dir)) ?? (candidates[0] as string);
}

export function readText(dir: string, name: string): string {
  const file = path.join(dir, name);
  try {
    // Several collections have CRLF endings; every reader works on LF. CACM has two stray
    // control bytes (^Y) that the entry schema rightly refuses; both engines get a space.
    return (
      fs
        .readFileSync(file, 'latin1')
        .replace(/\r\n?/g, '\n')
        // eslint-disable-next-line no-control-regex
        .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ')
    );
  } catch {
    throw new Error(`Cannot read ${file}; set RATIO_BENCH to the folder holding the collections.`);
  }
}

/** A reader that miscounts must fail loudly rather than score a different collection. */
export function expectCount(collection: string, what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${collection}: read ${actual} ${what}, its README states ${expected}; the reader is wrong.`);
}

export function addJudgement(judgements: Map<string, Map<string, number>>, query: string, doc: string, gain: number): void {
  const judged = judgements.get(query) ?? new Map<string, number>();
  judged.set(doc, gain);
  judgements.set(query, judged);
}

export function judgedPairs(judgements: Map<string, Map<string, number>>): number {
  let n = 0;
  for (const judged of judgements.values()) n += judged.size;
  return n;
}

/** SMART `.I` records: id, then `.X` field markers on lines of their own; a field runs to the next marker. */
export function smartRecords(text: string): { id: string; fields: Map<string, string> }[] {
  const out: { id: string; fields: Map<string, string> }[] = [];
  for (const chunk of text.split(/^\.I\s+/m).slice(1)) {
    const [head = '', ...rest] = chunk.split('\n');
    const fields = new Map<string, string>();
    let current = '';
    for (const line of rest) {
      const m = /^\.([A-Z])\s*$/.exec(line);
      if (m) current = m[1] as string;
      else if (current) fields.set(current, `${fields.get(current) ?? ''} ${line.trim()}`.trim());
    }
    out.push({ id: head.trim(), fields });
  }
  return out;
}
