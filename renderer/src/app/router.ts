import { useEffect, useState } from 'react';

/** Screens are addressed by the URL hash so Back/Forward and reloads work in both hosts. */
export type Route =
  | { screen: 'library' }
  | { screen: 'entry'; id: string }
  | { screen: 'edit'; id: string }
  | { screen: 'new' }
  | { screen: 'history'; id: string }
  | { screen: 'tags' }
  | { screen: 'enterprises' }
  | { screen: 'duplicates' }
  | { screen: 'dashboard' }
  | { screen: 'exchange' };

const ID = '([0-9a-f-]{36})';

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  let m: RegExpExecArray | null;
  if ((m = new RegExp(`^/entry/${ID}$`).exec(path))) return { screen: 'entry', id: m[1] as string };
  if ((m = new RegExp(`^/entry/${ID}/edit$`).exec(path))) return { screen: 'edit', id: m[1] as string };
  if ((m = new RegExp(`^/entry/${ID}/history$`).exec(path))) return { screen: 'history', id: m[1] as string };
  if (path === '/new') return { screen: 'new' };
  // What to export may follow the screen's name (`#/exchange?ids=…`); the screen reads it.
  if (path.startsWith('/exchange?')) return { screen: 'exchange' };
  if (path === '/tags') return { screen: 'tags' };
  if (path === '/enterprises') return { screen: 'enterprises' };
  if (path === '/duplicates') return { screen: 'duplicates' };
  if (path === '/dashboard') return { screen: 'dashboard' };
  if (path === '/exchange') return { screen: 'exchange' };
  return { screen: 'library' };
}

export function hrefFor(route: Route): string {
  switch (route.screen) {
    case 'library':
      return '#/';
    case 'entry':
      return `#/entry/${route.id}`;
    case 'edit':
      return `#/entry/${route.id}/edit`;
    case 'history':
      return `#/entry/${route.id}/history`;
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

export function navigate(route: Route): void {
  for (const guard of guards) if (!guard()) return;
  window.location.hash = hrefFor(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
