// Preloaded (node --import) into a process and, through the inherited execArgv, into each of
// its worker threads: any attempt to reach the network is written to RATIO_NET_LOG and fails.
import dns from 'node:dns';
import fs from 'node:fs';
import net from 'node:net';
import { threadId } from 'node:worker_threads';

const log = process.env.RATIO_NET_LOG;
const note = (line) => {
  if (log) fs.appendFileSync(log, `${line}\n`);
};
note(`loaded ${threadId}`);
const refuse = (what) =>
  function () {
    note(`attempt ${what}`);
    throw new Error(`network blocked: ${what}`);
  };
net.Socket.prototype.connect = refuse('socket');
dns.lookup = refuse('dns');
globalThis.fetch = refuse('fetch');
