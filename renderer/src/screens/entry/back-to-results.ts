import { parseRoute } from '../../app/router.js';

/**
 * Where "Back to results" goes. Going back in the history returns to the library exactly as it
 * was (query, filters, scroll and selection); when the entry was opened some other way (a
 * bookmark, a new tab, another entry), the last library address seen, or the library itself.
 */
let previousHash: string | null = null;
let lastLibraryHash: string | null = null;

function remember(hash: string): void {
  if (parseRoute(hash).screen === 'library') lastLibraryHash = hash || '#/';
}

if (typeof window !== 'undefined') {
  remember(window.location.hash);
  window.addEventListener('hashchange', (event) => {
    previousHash = new URL(event.oldURL).hash;
    remember(new URL(event.newURL).hash);
  });
}

/** True when the page before this one was the library, so history.back() lands on it. */
export function cameFromLibrary(): boolean {
  return previousHash !== null && parseRoute(previousHash).screen === 'library';
}

export function resultsHref(): string {
  return lastLibraryHash ?? '#/';
}
