import { useMemo, useSyncExternalStore } from 'react';
import { INITIAL_LIBRARY, libraryHref, parseLibraryUrl, type LibraryState } from './library-url.js';

/** Screens are addressed by the URL hash so Back/Forward and reloads work in both hosts. */
export type Route =
  /** Without `state`, the library as it was last shown (the search the person came from). */
  | { screen: 'library'; state?: LibraryState }
  | { screen: 'entry'; id: string }
  | { screen: 'edit'; id: string }
  | { screen: 'new' }
  | { screen: 'history'; id: string }
  | { screen: 'tags' }
  | { screen: 'thesaurus' }
  | { screen: 'enterprises' }
  | { screen: 'duplicates' }
  | { screen: 'dashboard' }
  | { screen: 'exchange' }
  | { screen: 'trash' }
  | { screen: 'trashed'; id: string };

const ID = '([0-9a-f-]{36})';

/**
 * The library state last shown, so "back to the library" from an entry, the editor or the
 * navigation returns to the same search rather than an empty one.
 */
let lastLibrary: LibraryState = INITIAL_LIBRARY;

export function lastLibraryState(): LibraryState {
  return lastLibrary;
}

export function parseRoute(hash: string): Route {
  const full = hash.replace(/^#/, '');
  const q = full.indexOf('?');
  const path = q < 0 ? full : full.slice(0, q);
  let m: RegExpExecArray | null;
  if ((m = new RegExp(`^/entry/${ID}$`).exec(path))) return { screen: 'entry', id: m[1] as string };
  if ((m = new RegExp(`^/entry/${ID}/edit$`).exec(path))) return { screen: 'edit', id: m[1] as string };
  if ((m = new RegExp(`^/entry/${ID}/history$`).exec(path))) return { screen: 'history', id: m[1] as string };
  if (path === '/new') return { screen: 'new' };
  // What to export may follow the screen's name (`#/exchange?ids=…`); the screen reads it.
  if (path.startsWith('/exchange?')) return { screen: 'exchange' };
  if (path === '/tags') return { screen: 'tags' };
  if (path === '/thesaurus') return { screen: 'thesaurus' };
  if (path === '/enterprises') return { screen: 'enterprises' };
  if (path === '/duplicates') return { screen: 'duplicates' };
  if (path === '/dashboard') return { screen: 'dashboard' };
  if (path === '/exchange') return { screen: 'exchange' };
  if (path === '/trash') return { screen: 'trash' };
  if ((m = new RegExp(`^/trash/${ID}$`).exec(path))) return { screen: 'trashed', id: m[1] as string };
  return { screen: 'library', state: q < 0 ? INITIAL_LIBRARY : parseLibraryUrl(full.slice(q + 1)) };
}

export function hrefFor(route: Route): string {
  switch (route.screen) {
    case 'library':
      return libraryHref(route.state ?? lastLibrary);
    case 'entry':
      return `#/entry/${route.id}`;
    case 'edit':
      return `#/entry/${route.id}/edit`;
    case 'history':
      return `#/entry/${route.id}/history`;
    case 'trashed':
      return `#/trash/${route.id}`;
    default:
      return `#/${route.screen}`;
  }
}

/** Unsaved-changes guards registered by editors; navigation asks them first. */
const guards = new Set<() => boolean>();

export function addNavigationGuard(guard: () => boolean): () => void {
  guards.add(guard);
  return () => guards.delete(guard);
}

/**
 * The address the app shows, kept here and told to the screens at once: the search box is
 * controlled by the route and must see its own keystroke before the next one. The browser's
 * history follows — for typing, at most every REPLACE_MS, since Chromium ignores history
 * calls made faster than about 20 a second and fast typing would exceed that.
 */
let current: string | null = null;
/** The address shown before the current one, however the app got here (a link, navigate, Back). */
let previous: string | null = null;
const listeners = new Set<() => void>();
const REPLACE_MS = 250;
let pendingReplace: ReturnType<typeof setTimeout> | undefined;

function currentHash(): string {
  current ??= window.location.hash;
  return current;
}

function emit(): void {
  for (const listener of [...listeners]) listener();
}

function writePendingReplace(): void {
  if (pendingReplace === undefined) return;
  clearTimeout(pendingReplace);
  pendingReplace = undefined;
  if (current !== null && current !== window.location.hash) window.history.replaceState(window.history.state, '', current);
}

/** The browser moved (Back, Forward, a link, an edited address): its address wins over a replace still to be written. */
function fromBrowser(): void {
  clearTimeout(pendingReplace);
  pendingReplace = undefined;
  if (current !== window.location.hash) previous = current;
  current = window.location.hash;
  emit();
}

let listening = false;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!listening) {
    listening = true;
    window.addEventListener('hashchange', fromBrowser);
    window.addEventListener('popstate', fromBrowser);
    // A reload or a closed tab keeps the last words typed, and so does the entry a link
    // leaves (the click is seen before the link is followed).
    window.addEventListener('pagehide', writePendingReplace);
    window.addEventListener('click', writePendingReplace, true);
  }
  return () => listeners.delete(listener);
}

/**
 * Goes to a route. `replace` takes the place of the current history entry instead of adding
 * one: what the search box does on each keystroke, so Back skips the half-typed words.
 */
export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  for (const guard of guards) if (!guard()) return;
  const href = hrefFor(route);
  const here = currentHash();
  if (href === here || (href === '#/' && here === '')) return;
  if (options.replace) {
    current = href;
    pendingReplace ??= setTimeout(writePendingReplace, REPLACE_MS);
  } else {
    // Whatever was typed is the entry this one follows.
    writePendingReplace();
    previous = here;
    current = href;
    window.history.pushState(null, '', href);
  }
  emit();
}

/** The route shown before this one (null on the first page), so a screen can tell where the person came from. */
export function previousRoute(): Route | null {
  return previous === null ? null : parseRoute(previous);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return useMemo(() => {
    const route = parseRoute(hash);
    if (route.screen === 'library' && route.state) lastLibrary = route.state;
    return route;
  }, [hash]);
}
