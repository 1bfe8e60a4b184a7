// A worker thread that runs the language pipeline over texts an import or a re-index is about
// to index, on the second core while the first verifies the bundle or writes postings (see
// pre-analysis.ts).
import { workerData, type MessagePort } from 'node:worker_threads';
import { PIPELINE_VERSION, indexText, markdownToText } from './pipeline.js';
import type { AnalysisReply, AnalysisRequest } from './pre-analysis.js';
import { surfaceWordsOf } from './surface-words.js';

const port = (workerData as { port: MessagePort }).port;

port.on('message', (request: AnalysisRequest) => {
  const reply: AnalysisReply = {
    version: PIPELINE_VERSION,
    results: request.texts.map(({ text, markdown }) => {
      const plain = markdown ? markdownToText(text) : text;
      return [plain, indexText(plain), [...surfaceWordsOf([plain])].flat()];
    }),
  };
  port.postMessage(reply);
});
