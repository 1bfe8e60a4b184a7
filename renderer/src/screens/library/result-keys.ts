import type { KeyboardEvent } from 'react';
import type { SelectionControls } from './selection.js';

export interface ResultKeyContext {
  count: number;
  active: number;
  /** Moves the active row; `focus` when the keyboard is in the list, so focus follows it. */
  moveTo: (index: number, focus: boolean) => void;
  open: (index: number, newTab: boolean) => void;
  selection: SelectionControls;
  /** The element holding the rows: keys pressed inside it are the list's. */
  list: HTMLElement | null;
}

/**
 * The result list's keys. From the search box: arrows move the active row and Enter opens
 * it (typing stays typing). In the list: arrows move, Shift+arrows extend the selection,
 * Space toggles, Home/End jump, Enter opens (Ctrl/Cmd+Enter in a new tab), Ctrl/Cmd+A
 * selects every match; Escape clears the selection from either place.
 */
export function handleResultKey(event: KeyboardEvent, c: ResultKeyContext): void {
  const target = event.target instanceof HTMLElement ? event.target : null;
  const inList = target !== null && c.list !== null && c.list.contains(target);
  const inSearch = target?.id === 'search';
  if (!inList && !inSearch) return;
  const mod = event.ctrlKey || event.metaKey;

  if (event.key === 'Escape') {
    if (c.selection.count > 0) c.selection.clear();
    return;
  }
  if (c.count === 0) return;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    if (event.shiftKey && !inList) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(c.count - 1, c.active + (event.key === 'ArrowDown' ? 1 : -1)));
    if (event.shiftKey) c.selection.extendTo(c.active, next);
    c.moveTo(next, inList);
    return;
  }
  if (event.key === 'Enter') {
    // A focused link opens itself.
    if (target instanceof HTMLAnchorElement) return;
    event.preventDefault();
    c.open(c.active, mod);
    return;
  }
  if (!inList) return;
  if (event.key === 'Home' || event.key === 'End') {
    event.preventDefault();
    c.moveTo(event.key === 'Home' ? 0 : c.count - 1, true);
  } else if (event.key === ' ') {
    // The row's own box toggles itself on Space; anywhere else in the row Space does it here.
    if (target instanceof HTMLInputElement && target.type === 'checkbox') return;
    event.preventDefault();
    c.selection.toggle(c.active, event.shiftKey);
  } else if (mod && event.key.toLowerCase() === 'a') {
    event.preventDefault();
    c.selection.selectAll();
  }
}
