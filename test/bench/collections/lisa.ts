import fs from 'node:fs';
import path from 'node:path';
import { addJudgement, type BenchDoc, type Collection, expectCount, judgedPairs, readText } from './types.js';

/**
 * LISA's own layout over 14 files: `Document <id>`, title lines, a blank line, abstract lines,
 * and a line of 44 `*`. LISA1.501 has a headerless record (an abstract tail, skipped) and
 * docs 1998–2001 twice (identical; kept once).
 */
function documents(dir: string): { docs: BenchDoc[]; records: number; headers: number } {
  if (!fs.existsSync(dir)) throw new Error(`Cannot read ${dir}; set RATIO_BENCH to the folder holding the collections.`);
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^LISA\d\.\d{3}$/.test(f))
    .sort();
  expectCount('lisa', 'document files', files.length, 14);
  const text = files.map((f) => readText(dir, f)).join('\n');
  const byId = new Map<string, BenchDoc>();
  let records = 0;
  let headers = 0;
  for (const record of text.split(/^\*{44}\s*$/m)) {
    if (!record.trim()) continue;
    records += 1;
    const lines = record.split('\n');
    const start = lines.findIndex((l) => l.trim() !== '');
    const m = /^Document\s+(\d+)\s*$/.exec(lines[start] ?? '');
    if (!m) continue;
    headers += 1;
    const rest = lines.slice(start + 1);
    const gap = rest.findIndex((l) => l.trim() === '');
    const title = (gap < 0 ? rest : rest.slice(0, gap)).join(' ').replace(/\s+/g, ' ').trim();
    const body = (gap < 0 ? [] : rest.slice(gap + 1)).join(' ').replace(/\s+/g, ' ').trim();
    const id = String(Number(m[1]));
    if (!byId.has(id)) byId.set(id, { id, title, text: body });
  }
  return { docs: [...byId.values()], records, headers };
}

/** LISA: judgements from LISARJ.NUM (LISA.REL is damaged in the original). */
export function loadLisa(root: string): Collection {
  const dir = path.join(root, 'lisa');
  const { docs, records, headers } = documents(dir);
  const queries: { id: string; text: string }[] = [];
  let current: { id: string; lines: string[] } | undefined;
  for (const raw of readText(dir, 'LISA.QUE').split('\n')) {
    const line = raw.trim();
    if (!current) {
      if (/^\d+$/.test(line)) current = { id: String(Number(line)), lines: [] };
      continue;
    }
    const end = /\s#$|^#$/.test(line);
    current.lines.push(end ? line.replace(/#$/, '') : line);
    if (end) {
      queries.push({ id: current.id, text: current.lines.join(' ').replace(/\s+/g, ' ').trim() });
      current = undefined;
    }
  }
  const numbers = readText(dir, 'LISARJ.NUM').split(/\s+/).filter(Boolean).map(Number);
  const judgements = new Map<string, Map<string, number>>();
  for (let i = 0; i < numbers.length;) {
    const q = numbers[i] ?? 0;
    const count = numbers[i + 1] ?? 0;
    for (const d of numbers.slice(i + 2, i + 2 + count)) addJudgement(judgements, String(q), String(d), 1);
    i += 2 + count;
  }
  expectCount('lisa', '*-terminated records', records, 6004);
  expectCount('lisa', 'Document headers', headers, 6003);
  expectCount('lisa', 'distinct documents', docs.length, 5999);
  expectCount('lisa', 'queries', queries.length, 35);
  expectCount('lisa', 'judged pairs', judgedPairs(judgements), 379);
  expectCount('lisa', 'judged queries', judgements.size, 35);
  const ids = new Set(docs.map((d) => d.id));
  for (const judged of judgements.values())
    for (const d of judged.keys()) if (!ids.has(d)) throw new Error(`lisa: judged doc ${d} is not among the documents; the reader is wrong.`);
  return { name: 'lisa', docs, queries, judgements, gains: 'binary: gain 1 for relevant' };
}
