import { describe, expect, it } from 'vitest';
import { EXTRACT_TASK, REINDEX_TASK, ignoringBackgroundReading, type ProgressReport } from '../../shared/bridge.js';

describe("a bar's progress reports", () => {
  it('passes the work it waits for and leaves out the background reading of attachments', () => {
    const seen: ProgressReport[] = [];
    const listen = ignoringBackgroundReading((report) => seen.push(report));
    const importing: ProgressReport = { task: 'Importing entries', done: 3, total: 10 };
    const reading: ProgressReport = { task: EXTRACT_TASK, done: 1, total: 4 };
    const reindexing: ProgressReport = { task: REINDEX_TASK, done: 5, total: 9 };
    for (const report of [importing, reading, reindexing, reading]) listen(report);
    expect(seen).toEqual([importing, reindexing]);
  });
});
