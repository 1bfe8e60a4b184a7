import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { RatioError } from '../../shared/errors.js';
import type { Catalogue } from '../app/catalogue.js';
import { FOLDER_KEYS, readFrontMatter } from './front-matter.js';
import type { ConflictChoice } from '../../shared/schemas/exchange.js';
import { runFlatImport, type FlatImportReport, type IncomingAttachment } from './flat-import.js';
import { selectEntryIds, type Selection } from './selection.js';

const MAX_MARKDOWN_BYTES = 8 * 1024 * 1024;
const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

/** Attachments of entry `<id>.md` live in the folder `<id>.files/` beside it. */
const filesDirOf = (mdFile: string): string => mdFile.replace(/\.md$/, '.files');

export function exportMarkdown(catalogue: Catalogue, dir: string, selection: Selection): { path: string; entries: number; attachments: number } {
  const folder = path.resolve(dir);
  let attachments = 0;
  const ids = selectEntryIds(catalogue, selection);
  try {
    fs.mkdirSync(folder, { recursive: true });
    for (const id of ids) {
      const e = catalogue.entryRepo.get(id);
      const data: Record<string, unknown> = {
        id: e.id,
        title: e.title,
        kind: e.kind,
        summary: e.summary,
        status: e.status,
        language: e.language,
        enterprise: e.enterprise?.name ?? null,
        registration: e.registration,
        authors: e.authors,
        tags: e.tags,
        classification: e.classification,
        created: e.createdAt,
        attachments: e.attachments.map((a) => a.name),
      };
      const file = path.join(folder, `${e.id}.md`);
      fs.writeFileSync(file, `---\n${YAML.stringify(data)}---\n${e.body}`, 'utf8');
      if (e.attachments.length > 0) {
        const filesDir = filesDirOf(file);
        fs.mkdirSync(filesDir, { recursive: true });
        for (const a of e.attachments) {
          fs.copyFileSync(catalogue.blobs.pathOf(a.sha256), path.join(filesDir, a.name));
          attachments += 1;
        }
      }
    }
  } catch (error) {
    if (error instanceof RatioError) throw error;
    throw new RatioError('FILE_ERROR', `Cannot write the Markdown folder ${folder} (${error instanceof Error ? error.message : String(error)}).`);
  }
  return { path: folder, entries: ids.length, attachments };
}

function readFront(file: string): { data: Record<string, string | string[] | null>; body: string } {
  const where = path.basename(file);
  if (fs.statSync(file).size > MAX_MARKDOWN_BYTES) throw new RatioError('INVALID_INPUT', `${where} is larger than ${MAX_MARKDOWN_BYTES} bytes.`);
  const { data, body } = readFrontMatter(fs.readFileSync(file, 'utf8'), where, FOLDER_KEYS);
  // An empty `enterprise:` means "none"; any other empty key is as if it were left out.
  return { data: Object.fromEntries(Object.entries(data).filter(([key, value]) => value !== null || key === 'enterprise')), body };
}

/** A regular file directly inside `dir`, never a link or a path that leaves it. */
function attachmentFile(dir: string, name: string, where: string): Buffer {
  if (/[\\/\0]/.test(name) || name === '.' || name === '..' || name.trim() === '')
    throw new RatioError('INVALID_INPUT', `${where}: attachment name "${name}" cannot contain a path.`);
  const file = path.join(dir, name);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    throw new RatioError('INVALID_INPUT', `${where}: attachment "${name}" is missing from ${path.basename(dir)}/.`);
  }
  if (!stat.isFile()) throw new RatioError('INVALID_INPUT', `${where}: attachment "${name}" is not a regular file.`);
  if (stat.size > MAX_ATTACHMENT_BYTES) throw new RatioError('INVALID_INPUT', `${where}: attachment "${name}" is larger than 50 MiB.`);
  return fs.readFileSync(file);
}

/**
 * Creates one entry per `*.md` file in the folder, attachments from `<name>.files/`, in one
 * transaction. A file whose id exists here with other content (or was deleted here) is a
 * conflict, decided by `onConflict`; its `attachments` list, when present, is the whole list.
 */
export function importMarkdown(catalogue: Catalogue, dir: string, onConflict: ConflictChoice = 'keep-local'): FlatImportReport {
  const folder = path.resolve(dir);
  let names: string[];
  try {
    names = fs
      .readdirSync(folder)
      .filter((n) => n.endsWith('.md'))
      .sort();
  } catch {
    throw new RatioError('FILE_ERROR', `Cannot read the folder ${folder}.`);
  }
  return runFlatImport(catalogue, onConflict, (importer) => {
    for (const name of names) {
      const file = path.join(folder, name);
      if (!fs.lstatSync(file).isFile()) continue;
      const { data, body } = readFront(file);
      const { attachments, created, ...fields } = data;
      const incoming: IncomingAttachment[] | undefined =
        attachments === undefined
          ? undefined
          : ((attachments as string[] | null) ?? []).map((attachmentName) => ({
              name: attachmentName,
              content: attachmentFile(filesDirOf(file), attachmentName, name),
            }));
      importer.row({ ...fields, ...(created === undefined ? {} : { createdAt: created }), body }, name, `markdown:${path.basename(folder)}/${name}`, incoming);
    }
  });
}
