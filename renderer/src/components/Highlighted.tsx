import type { ReactNode } from 'react';
import { plainName } from '../text/bidi.js';

/**
 * Text with [start, end) ranges wrapped in <mark>; ranges come from the search engine, on
 * the text as stored. Shown like a Name: bidirectional controls removed (piece by piece, so
 * the ranges still fit) and the whole isolated.
 */
export function Highlighted({ text, ranges }: { text: string; ranges: readonly (readonly [number, number])[] }): ReactNode {
  if (ranges.length === 0) return <bdi>{plainName(text)}</bdi>;
  const parts: ReactNode[] = [];
  let last = 0;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  for (const [start, end] of sorted) {
    if (start < last || end > text.length || start >= end) continue;
    parts.push(plainName(text.slice(last, start)));
    parts.push(<mark key={start}>{plainName(text.slice(start, end))}</mark>);
    last = end;
  }
  parts.push(plainName(text.slice(last)));
  return <bdi>{parts}</bdi>;
}
