import type { ReactNode } from 'react';

/** Text with [start, end) ranges wrapped in <mark>; ranges come from the search engine. */
export function Highlighted({ text, ranges }: { text: string; ranges: readonly (readonly [number, number])[] }): ReactNode {
  if (ranges.length === 0) return text;
  const parts: ReactNode[] = [];
  let last = 0;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  for (const [start, end] of sorted) {
    if (start < last || end > text.length || start >= end) continue;
    parts.push(text.slice(last, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    last = end;
  }
  parts.push(text.slice(last));
  return parts;
}
