import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { ExtractError } from './errors.js';
import { OcrEngines } from './ocr.js';
import type { WorkerJob, WorkerReply, WorkerSetup } from './protocol.js';
import { readFileText } from './read-file.js';

/**
 * A reader thread: one file at a time, within the pool's resource limits. Anything a
 * hostile file does to it (a parser throwing, the heap running out) stays in this thread;
 * the pool marks the file and starts another.
 */
const setup = workerData as WorkerSetup;
const ocr = setup.ocr ? new OcrEngines(setup.tessdataDir) : null;
const port = parentPort;
let peakMemory = 0;

function post(reply: WorkerReply): void {
  // In a worker, heapUsed and external are this thread's isolate, not the whole process.
  const usage = process.memoryUsage();
  peakMemory = Math.max(peakMemory, usage.heapUsed + usage.external);
  port?.postMessage(reply);
}

async function run(job: WorkerJob): Promise<void> {
  let detectedType: string | null = null;
  try {
    const size = fs.statSync(job.path).size;
    if (size > job.limits.maxBytes) {
      throw new ExtractError(
        'too-large',
        `The file is ${Math.round(size / 1048576)} MB; Ratio reads files of at most ${Math.round(job.limits.maxBytes / 1048576)} MB.`,
      );
    }
    const bytes = fs.readFileSync(job.path);
    const result = await readFileText(
      {
        bytes,
        name: job.name,
        languages: job.languages,
        limits: job.limits,
        progress: (done, total, type) => {
          detectedType = type;
          post({ id: job.id, kind: 'progress', done, total, detectedType: type });
        },
      },
      ocr,
    );
    post({ id: job.id, kind: 'done', result, peakMemory });
  } catch (error) {
    const known = error instanceof ExtractError;
    const message = error instanceof Error ? error.message : String(error);
    const type = known ? (error.detectedType ?? detectedType) : detectedType;
    post({
      id: job.id,
      kind: 'problem',
      state: known ? error.state : 'failed',
      error: known ? message : `The reader failed: ${message}`,
      detectedType: type,
      peakMemory,
    });
  }
}

let chain = Promise.resolve();
port?.on('message', (job: WorkerJob) => {
  chain = chain.then(() => run(job));
});
