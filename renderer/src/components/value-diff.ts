import { diffWordsWithSpace, type Change } from 'diff';

/**
 * The differences between two values of a field. Free text is compared word by word; a
 * term of the interface's vocabulary (a status, a kind) is one unit: "已实施 → 已归档", not
 * the characters the two translations happen to share.
 */
export function valueDiff(before: string, after: string, whole: boolean): Change[] {
  if (!whole) return diffWordsWithSpace(before, after);
  if (before === after) return [{ value: after, added: false, removed: false, count: 1 }];
  const parts: Change[] = [];
  if (before !== '') parts.push({ value: before, added: false, removed: true, count: 1 });
  if (after !== '') parts.push({ value: after, added: true, removed: false, count: 1 });
  return parts;
}
