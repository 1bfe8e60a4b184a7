import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { RatioError } from '../../../shared/errors.js';
import { SKOS_FORMATS, type ConceptNode, type SkosFormat, type ThesaurusImportReport } from '../../../shared/schemas/thesaurus.js';
import { displayLabel } from '../../../shared/label-language.js';
import type { CommandContext } from '../context.js';
import { block, line } from '../terminal-text.js';

/** The format a file name suggests: .ttl is Turtle, .rdf, .owl and .xml are RDF/XML. */
export function formatOfFile(file: string): SkosFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.ttl') return 'turtle';
  if (ext === '.rdf' || ext === '.owl' || ext === '.xml') return 'rdfxml';
  return undefined;
}

function importSummary(r: ThesaurusImportReport): string {
  const head = `${r.created} concepts created, ${r.updated} updated, ${r.unchanged} unchanged; ${r.linkedTags} tags linked; ${r.conflicts.length} conflicts.`;
  const conflicts = r.conflicts.slice(0, 50).map((c) => `  ${line(c.uri)}${c.label === undefined ? '' : ` "${line(c.label)}"`}: ${line(c.reason)}`);
  const more = r.conflicts.length > 50 ? [`  … and ${r.conflicts.length - 50} more (see --json)`] : [];
  return [head, ...conflicts, ...more].join('\n');
}

/** A tree line: indented by depth, the label in the chosen language, the others beside it. */
function treeLines(concepts: readonly ConceptNode[], lang: string): string[] {
  const depth = new Map<string, number>();
  return concepts.map((c) => {
    const parent = c.broader.find((b) => depth.has(b));
    const d = parent === undefined ? 0 : (depth.get(parent) ?? 0) + 1;
    depth.set(c.id, d);
    const shown = c.prefLabels[lang] ?? displayLabel(c.prefLabels);
    const others = Object.entries(c.prefLabels)
      .filter(([, text]) => text !== shown)
      .map(([l, text]) => `${l}: ${text}`)
      .join('; ');
    return `${'  '.repeat(d)}${line(shown)}${others ? `  (${line(others)})` : ''}  ${line(c.uri)}`;
  });
}

/** ratio thesaurus import | export | list | missing. */
export function registerThesaurusCommands(program: Command, { io, print, client }: CommandContext): void {
  const thesaurus = program.command('thesaurus').description('the thesaurus: concepts with labels in every language, SKOS in and out');

  thesaurus
    .command('import')
    .description('read a SKOS thesaurus (Turtle or RDF/XML): concepts matched by URI, then by preferred label')
    .argument('<file>', 'a .ttl or .rdf file')
    .addOption(new Option('--format <format>', 'the file format (by default from its extension)').choices(SKOS_FORMATS))
    .action(async (file: string, opts: { format?: SkosFormat }) => {
      const format = opts.format ?? formatOfFile(file);
      if (!format) throw new RatioError('INVALID_INPUT', `Cannot tell the format of ${line(file)}; give --format turtle or --format rdfxml.`);
      const r = await client(true).call('thesaurus.import', { format, path: path.resolve(io.cwd, file) });
      print(r, () => importSummary(r));
    });

  thesaurus
    .command('export')
    .description('write the thesaurus as SKOS')
    .addOption(new Option('--format <format>', 'Turtle or RDF/XML').choices(SKOS_FORMATS).default('turtle'))
    .option('--out <file>', 'write to this file instead of the terminal')
    .action(async (opts: { format: SkosFormat; out?: string }) => {
      const r = await client(false).call('thesaurus.export', { format: opts.format });
      if (opts.out === undefined) {
        print(r, () => block(r.text.replace(/\n$/, '')));
        return;
      }
      const out = path.resolve(io.cwd, opts.out);
      try {
        fs.writeFileSync(out, r.text);
      } catch {
        throw new RatioError('FILE_ERROR', `Cannot write ${line(out)}.`);
      }
      print({ format: r.format, concepts: r.concepts, path: out }, () => `Wrote ${r.concepts} concepts to ${line(out)}.`);
    });

  thesaurus
    .command('list')
    .description('the concept tree, with preferred labels per language')
    .option('--lang <lang>', 'the language to list concepts by', 'en')
    .action(async (opts: { lang: string }) => {
      const r = await client(false).call('thesaurus.tree', {});
      print(r, () => (r.concepts.length === 0 ? 'The thesaurus is empty.' : treeLines(r.concepts, opts.lang).join('\n')));
    });

  thesaurus
    .command('missing')
    .description('concepts without a preferred label in a language')
    .requiredOption('--lang <lang>', 'a language tag such as zh-Hans')
    .action(async (opts: { lang: string }) => {
      const r = await client(false).call('thesaurus.missing', { lang: opts.lang });
      print(r, () =>
        r.total === 0
          ? `Every concept has a preferred label in ${line(r.lang)}.`
          : [
              `${r.total} concepts have no preferred label in ${line(r.lang)}:`,
              ...r.concepts.map((c) => `  ${line(displayLabel(c.prefLabels) || c.uri)}  ${line(c.uri)}`),
            ].join('\n'),
      );
    });
}
