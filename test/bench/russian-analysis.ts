/**
 * What Russian lemmas cost: `npx tsx test/bench/russian-analysis.ts`. Over the Russian texts
 * of the demo catalogue: how many distinct words the dictionary knows (the rest keep Snowball),
 * the dictionaries' load time and memory, the cost of analysing a new word by dictionary
 * against Snowball, and how many index tokens the other readings add.
 * The synthetic catalogue of bench-search.ts has no Cyrillic, so it cannot show this.
 */
import fs from 'node:fs';
import path from 'node:path';
import { russianPipeline } from '../../electron/search/lunr-languages.js';
import { forEachWord, foldCase } from '../../electron/search/pipeline.js';
import { loadRussianDictionary, russianReadings } from '../../electron/search/russian-lemmas.js';

interface DemoEntry {
  language: string;
  title: string;
  summary: string;
  body: string;
}

const demo = JSON.parse(fs.readFileSync(path.resolve('resources/demo/catalogue.json'), 'utf8')) as { entries: DemoEntry[] };
const texts = demo.entries.filter((e) => e.language === 'ru').flatMap((e) => [e.title, e.summary, e.body]);
const occurrences: string[] = [];
for (const text of texts) forEachWord(text, (word) => occurrences.push(foldCase(word)));
const words = [...new Set(occurrences.filter((w) => /^[а-яе]+$/u.test(w) && !russianPipeline.isStopWord(w)))];

const rssBefore = process.memoryUsage().rss;
const started = performance.now();
loadRussianDictionary();
const loadMs = performance.now() - started;
const rssAfter = process.memoryUsage().rss;

const timeEach = (analyse: (w: string) => unknown): number => {
  const t0 = performance.now();
  for (const w of words) analyse(w);
  return ((performance.now() - t0) * 1000) / words.length;
};
// Once to warm the code paths on other words, then measured.
for (const w of ['пробный', 'слово', 'станок']) russianReadings(w);
const snowballUs = timeEach((w) => russianPipeline.stem(w));
const lemmaUs = timeEach((w) => russianReadings(w));

let known = 0;
let ambiguous = 0;
for (const w of words) {
  const r = russianReadings(w);
  if (r.known) known += 1;
  if (r.others.length > 0) ambiguous += 1;
}
// Tokens a field gains: each other reading once per field (pipeline.ts, indexText).
let inPlace = 0;
let appended = 0;
for (const text of texts) {
  const others = new Set<string>();
  forEachWord(text, (word) => {
    const w = foldCase(word);
    if (!/^[а-яе]+$/u.test(w) || russianPipeline.isStopWord(w)) return;
    inPlace += 1;
    for (const o of russianReadings(w).others) others.add(o);
  });
  appended += others.size;
}

const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)} %`;
console.log(`Russian demo texts: ${texts.length} fields, ${occurrences.length} words, ${words.length} distinct Russian words (stop words left out)`);
console.log(`- dictionary load: ${loadMs.toFixed(0)} ms, RSS +${((rssAfter - rssBefore) / 1024 / 1024).toFixed(0)} MB`);
console.log(`- a new word: Snowball ${snowballUs.toFixed(1)} µs, dictionary ${lemmaUs.toFixed(1)} µs (each word once per process: the pipeline caches)`);
console.log(`- words the dictionary knows: ${pct(known, words.length)}`);
console.log(`- words with more than one reading: ${pct(ambiguous, words.length)}`);
console.log(`- index tokens: ${inPlace} in place, ${appended} other readings appended (+${pct(appended, inPlace)})`);
