import { hrefFor, previousRoute } from '../../app/router.js';

/**
 * Where "Back to results" goes. Going back in the history returns to the library exactly as it
 * was (query, filters, scroll and selection); when the entry was opened some other way (a
 * bookmark, a new tab, another entry), the last library search shown, or the library itself.
 */
export function cameFromLibrary(): boolean {
  return previousRoute()?.screen === 'library';
}

export function resultsHref(): string {
  return hrefFor({ screen: 'library' });
}
