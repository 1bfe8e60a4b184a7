import fs from 'node:fs';
import path from 'node:path';

/** The Cranfield collection in SMART format (see its README): documents, queries by file position, graded judgements. */
export interface CranfieldDoc {
  id: number;
  title: string;
  authors: string;
  abstract: string;
}

export interface Cranfield {
  docs: CranfieldDoc[];
  queries: string[];
  /** query number (1-based position) → doc id → grade 1..4 (lower is more relevant); -1 grades are left out. */
  qrels: Map<number, Map<number, number>>;
}

function records(text: string): { id: number; fields: Map<string, string> }[] {
  const out: { id: number; fields: Map<string, string> }[] = [];
  for (const chunk of text.split(/^\.I\s+/m).slice(1)) {
    const [head = '', ...rest] = chunk.split('\n');
    const fields = new Map<string, string>();
    let current = '';
    for (const line of rest) {
      const m = /^\.([TABW])\s*$/.exec(line);
      if (m) current = m[1] as string;
      else if (current) fields.set(current, `${fields.get(current) ?? ''} ${line}`.trim());
    }
    out.push({ id: Number(head.trim()), fields });
  }
  return out;
}

export function defaultCranfieldDir(): string {
  return process.env.RATIO_CRANFIELD ?? path.resolve(import.meta.dirname, '../../../shared/bench/cranfield');
}

export function loadCranfield(dir: string): Cranfield {
  const read = (name: string): string => {
    try {
      return fs.readFileSync(path.join(dir, name), 'utf8');
    } catch {
      throw new Error(`Cannot read ${path.join(dir, name)}; pass --cranfield DIR or set RATIO_CRANFIELD.`);
    }
  };
  const docs = records(read('cran.all.1400')).map((r) => ({
    id: r.id,
    title: r.fields.get('T') ?? '',
    authors: r.fields.get('A') ?? '',
    abstract: r.fields.get('W') ?? '',
  }));
  const queries = records(read('cran.qry')).map((r) => r.fields.get('W') ?? '');
  const qrels = new Map<number, Map<number, number>>();
  for (const line of read('cranqrel').split('\n')) {
    const [q, d, g] = line.trim().split(/\s+/).map(Number);
    if (q === undefined || d === undefined || g === undefined || Number.isNaN(g) || g < 1 || g > 4) continue;
    const judged = qrels.get(q) ?? new Map<number, number>();
    judged.set(d, g);
    qrels.set(q, judged);
  }
  return { docs, queries, qrels };
}

/** Average precision over grades 1..4 as relevant. */
export function averagePrecision(ranked: readonly number[], judged: Map<number, number>): number {
  if (judged.size === 0) return 0;
  let hits = 0;
  let sum = 0;
  ranked.forEach((doc, i) => {
    if (judged.has(doc)) {
      hits += 1;
      sum += hits / (i + 1);
    }
  });
  return sum / judged.size;
}

/** nDCG@k with gain = 5 - grade. */
export function ndcg(ranked: readonly number[], judged: Map<number, number>, k = 10): number {
  const gain = (doc: number): number => {
    const g = judged.get(doc);
    return g === undefined ? 0 : 5 - g;
  };
  const dcg = ranked.slice(0, k).reduce((s, doc, i) => s + gain(doc) / Math.log2(i + 2), 0);
  const ideal = [...judged.values()]
    .map((g) => 5 - g)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((s, g, i) => s + g / Math.log2(i + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}
