import { hanQueryGroups, type HanQueryGroup } from './chinese-words.js';
import { analyseQueryWord, isStopChar } from './pipeline.js';

/** One word of what a query clause says: parts that must all match, and terms that only add score. */
export type QueryWordGroup = HanQueryGroup;

const HAN_RUNS = /(\p{Script=Han}+)/u;

/** Whether a clause's text has Chinese characters, so it may stand for several words. */
export function hasHanRun(text: string): boolean {
  return HAN_RUNS.test(text);
}

/**
 * The words a query clause's text is ranked by. A person who types 瓦斯抽放 means the two
 * words 瓦斯 and 抽放, as one who types "gas drainage" means two: each Han run is cut into
 * dictionary words (chinese-words.ts), and the text between Han runs is one word as
 * analyseQueryWord makes it (a phrase of its terms). A clause of one group is what it was.
 */
export function queryWordGroups(text: string): QueryWordGroup[] {
  if (!hasHanRun(text)) {
    const parts = analyseQueryWord(text);
    return parts.length === 0 ? [] : [{ text, parts, bonus: [] }];
  }
  const groups: QueryWordGroup[] = [];
  for (const [i, piece] of text.split(HAN_RUNS).entries()) {
    // split() with a capturing group puts the Han runs at odd places.
    if (i % 2 === 1) groups.push(...hanQueryGroups(piece, isStopChar));
    else if (piece !== '') {
      const parts = analyseQueryWord(piece);
      if (parts.length > 0) groups.push({ text: piece, parts, bonus: [] });
    }
  }
  return groups;
}
