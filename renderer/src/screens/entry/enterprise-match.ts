/** How the core matches an enterprise by name: SQLite's NOCASE folds ASCII letters only. */
const asciiFold = (s: string): string => s.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());

/** For close matches: case, punctuation, quotes and spacing ignored («Завод "Прогресс"» ≈ завод прогресс). */
const loose = (s: string): string =>
  s
    .normalize('NFKC')
    .toLocaleLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, ' ')
    .trim();

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length] ?? limit + 1;
}

export type EnterpriseMatch =
  | { kind: 'none' }
  | { kind: 'known'; name: string }
  /** A name no enterprise has: saving creates it, so the person is asked first; `close` are likely typos of known names. */
  | { kind: 'new'; name: string; close: string[] };

export function matchEnterprise(typed: string, known: readonly string[]): EnterpriseMatch {
  const name = typed.trim();
  if (name === '') return { kind: 'none' };
  const exact = known.find((k) => asciiFold(k) === asciiFold(name));
  if (exact !== undefined) return { kind: 'known', name: exact };
  const wanted = loose(name);
  const limit = wanted.length <= 4 ? 1 : wanted.length <= 12 ? 2 : 3;
  const close = known
    .map((k) => ({ k, l: loose(k) }))
    .filter(
      ({ l }) => l === wanted || (wanted.length >= 3 && l.length >= 3 && (l.includes(wanted) || wanted.includes(l))) || editDistance(l, wanted, limit) <= limit,
    )
    .map(({ k }) => k)
    .slice(0, 5);
  return { kind: 'new', name, close };
}
