import { useEffect, useSyncExternalStore } from 'react';

/**
 * The last curation action the person can take back: one at a time, replaced by the next
 * action, as a mail client's "Undo send" is. Screens offer it after a write that returned an
 * undo token; the toast in App shows it and calls entries.undo.
 */
export interface UndoOffer {
  token: string;
  /** Interface text saying what was done ("Status set to accepted on 20 entries"). */
  label: string;
  /** When it was offered (ms since epoch); a new offer replaces an older one. */
  at: number;
  /** Called once the action is undone (the screen that offered it shows what came back). */
  onUndone?: (() => void) | undefined;
}

let current: UndoOffer | null = null;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

/** Offers the action behind `token` for undoing, replacing whatever was offered before. */
export function offerUndo(token: string | null | undefined, label: string, onUndone?: () => void): void {
  if (!token) return;
  current = { token, label, at: Date.now(), onUndone };
  emit();
}

/** Withdraws the offer (it was used, it ran out, or it was dismissed). */
export function withdrawUndo(token?: string): void {
  if (current && (token === undefined || current.token === token)) {
    current = null;
    emit();
  }
}

export function useUndoOffer(): UndoOffer | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

const CHANGED = 'ratio:catalogue-changed';

/** Tells every screen showing catalogue data that it changed under it (an undo, a bulk action). */
export function announceCatalogueChange(): void {
  window.dispatchEvent(new Event(CHANGED));
}

/** Calls `reload` whenever another part of the app changed the catalogue. */
export function useCatalogueChanged(reload: () => void): void {
  useEffect(() => {
    window.addEventListener(CHANGED, reload);
    return () => window.removeEventListener(CHANGED, reload);
  }, [reload]);
}
