import { afterEach, expect, it } from 'vitest';
import { cleanupTemp, openTestCatalogue } from '../helpers.js';

afterEach(() => cleanupTemp());

it('lets FTS5 keep 32 MB of pending postings before writing a segment (migration 5)', () => {
  const t = openTestCatalogue();
  try {
    const value = t.catalogue.db.prepare("SELECT v FROM search_index_config WHERE k = 'hashsize'").pluck().get();
    expect(value).toBe(33_554_432);
  } finally {
    t.close();
  }
});
