import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Catalogue } from '../../electron/app/catalogue.js';
import { tempDir } from '../helpers.js';

const MB = 1024 * 1024;
const KILL_RSS = 1200 * MB;
const KILL_STAGING = 64 * MB;

export interface Measured {
  code: string;
  message: string;
  /** Growth of the child's peak resident memory during the import. */
  growthMB: number;
  /** The import's own duration, measured in the child. */
  importSeconds: number;
  /** The processor time the import took (user and system): unlike the duration, hardly affected by other work on the machine. */
  importCpuSeconds: number;
  read: { entries: number; attachments: number };
  entriesRead?: boolean;
  announced?: { entries: number; attachments: number };
  new?: number;
  tagsCreated?: number;
  /** Most bytes seen in the catalogue's staging folder while the child ran. */
  stagingPeak: number;
  /** Wall time of the child, start-up included. */
  seconds: number;
}

function rssOf(pid: number): number {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb ?? 0) * 1024;
  } catch {
    return 0;
  }
}

function bytesUnder(dir: string): number {
  let total = 0;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const stat = fs.lstatSync(file);
      total += stat.isDirectory() ? bytesUnder(file) : stat.size;
    } catch {
      // removed meanwhile
    }
  }
  return total;
}

/**
 * Imports (or previews) `file` into a fresh catalogue in a child process (child-measure.ts),
 * watching its resident memory and staging folder from here: the child is killed when either
 * passes a ceiling, or after `limitSeconds`, and the measurement then fails saying why.
 */
export async function measure(file: string, mode: 'import' | 'preview', trust: boolean, limitSeconds = 100): Promise<Measured> {
  const dir = path.join(tempDir('ratio-measure-'), 'catalogue');
  Catalogue.open(dir, { create: true, actor: null }).close();
  const started = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', path.join(import.meta.dirname, 'child-measure.ts'), dir, file, mode, trust ? '1' : '0'],
    {
      env: { ...process.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let stagingPeak = 0;
  let killed = '';
  const watch = setInterval(() => {
    stagingPeak = Math.max(stagingPeak, bytesUnder(path.join(dir, '.staging')));
    const rss = child.pid === undefined ? 0 : rssOf(child.pid);
    if (rss > KILL_RSS) killed = `resident memory passed ${KILL_RSS / MB} MB`;
    else if (stagingPeak > KILL_STAGING) killed = `staging passed ${KILL_STAGING / MB} MB`;
    if (killed) child.kill('SIGKILL');
  }, 20);
  const timer = setTimeout(() => {
    killed = `it ran for more than ${limitSeconds} s`;
    child.kill('SIGKILL');
  }, limitSeconds * 1000);
  await new Promise((resolve) => child.once('close', resolve));
  clearInterval(watch);
  clearTimeout(timer);
  if (killed) throw new Error(`The import was stopped: ${killed}.`);
  const last = out.trim().split('\n').at(-1) ?? '';
  if (!last.startsWith('{')) throw new Error(`The child printed no result: ${err}`);
  return { ...(JSON.parse(last) as Omit<Measured, 'stagingPeak' | 'seconds'>), stagingPeak, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
