function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Wraps occurrences of the search words in <mark>, walking text nodes only (never markup). */
export function highlightTerms(root: HTMLElement, terms: readonly string[]): void {
  const words = terms.filter((t) => t.length > 0);
  if (words.length === 0) return;
  // A stem marks the whole word it starts ("finish" marks "finished"); Han text has no
  // word boundaries, so a Han term marks exactly itself.
  const alternatives = words.map((w) => (/\p{Script=Han}/u.test(w) ? escapeRegExp(w) : `(?<![\\p{L}\\p{N}])${escapeRegExp(w)}[\\p{L}\\p{N}]*`));
  const pattern = new RegExp(alternatives.join('|'), 'giu');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
  for (const text of texts) {
    const value = text.nodeValue ?? '';
    pattern.lastIndex = 0;
    if (!pattern.test(value)) continue;
    pattern.lastIndex = 0;
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (const match of value.matchAll(pattern)) {
      const index = match.index ?? 0;
      fragment.append(value.slice(last, index));
      const mark = document.createElement('mark');
      mark.textContent = match[0];
      fragment.append(mark);
      last = index + match[0].length;
    }
    fragment.append(value.slice(last));
    text.replaceWith(fragment);
  }
}

/**
 * Words of a query worth highlighting: operators and field prefixes dropped; stems are
 * approximated by cutting inflected endings so "finishing" marks "finished" too.
 */
export function highlightWords(query: string): string[] {
  const words = query
    .replace(/\b[a-z]+:/gi, ' ')
    .split(/[\s"+\-~^*()]+/u)
    .map((w) => w.replace(/~\d$/, '').toLowerCase())
    .filter((w) => w.length >= 2 && !/^\d+$/.test(w));
  return [...new Set(words.map((w) => (/^[\p{Script=Han}]+$/u.test(w) || w.length <= 4 ? w : w.slice(0, Math.max(4, w.length - 3)))))];
}
