import { NEXT_STATUSES } from '../../shared/domain.js';
import type { ResponseOf } from '../../shared/contract/index.js';
import type { Entry, EntryDetail, EntrySummary } from '../../shared/schemas/entry.js';
import { block, line } from './terminal-text.js';

/*
 * Every text field below may come from another enterprise: single-line fields go through
 * line() (no control, no line break), the summary and body through block().
 */

export function formatEntryLine(e: Pick<EntrySummary, 'id' | 'kind' | 'status' | 'language' | 'title'>): string {
  return `${e.id}  ${e.kind.padEnd(9)} ${e.status.padEnd(11)} ${line(e.language).padEnd(3)} ${line(e.title)}`;
}

function effectText(e: EntryDetail['adoptions'][number]['effects'][number]): string {
  const change =
    e.before !== null && e.after !== null
      ? ` ${e.before}${e.unit ? ` ${line(e.unit)}` : ''} → ${e.after}${e.unit ? ` ${line(e.unit)}` : ''} (${e.after - e.before >= 0 ? '+' : ''}${+(e.after - e.before).toFixed(4)})`
      : '';
  return `${line(e.indicator)}${change}${e.period ? `, ${line(e.period)}` : ''}${e.note ? ` — ${line(e.note)}` : ''}`;
}

export function formatEntry(e: Entry | EntryDetail): string {
  const title = line(e.title);
  const lines = [
    title,
    '='.repeat(Math.min(title.length, 80)),
    `id:             ${e.id}`,
    `kind:           ${e.kind}`,
    `status:         ${e.status} (next: ${NEXT_STATUSES[e.status].join(', ')})`,
    `language:       ${line(e.language)}`,
    `enterprise:     ${e.enterprise ? line(e.enterprise.name) : '—'}`,
    `registration:   ${line(e.registration) || '—'}`,
    `authors:        ${e.authors.map(line).join('; ') || '—'}`,
    `tags:           ${e.tags.map(line).join(', ') || '—'}`,
    `classification: ${e.classification.map(line).join('; ') || '—'}`,
    `created:        ${e.createdAt}`,
    `updated:        ${e.updatedAt} (revision ${e.revision})`,
  ];
  if (e.attachments.length > 0) {
    lines.push('attachments:');
    for (const a of e.attachments) lines.push(`  ${line(a.name)} (${line(a.mediaType)}, ${a.size} bytes, sha256 ${line(a.sha256.slice(0, 12))}…)`);
  }
  if ('adoptions' in e) {
    for (const a of e.adoptions) {
      lines.push(`adopted by ${line(a.enterprise.name)} on ${line(a.date)}${a.note ? ` — ${line(a.note)}` : ''}`);
      for (const effect of a.effects) lines.push(`  ${effectText(effect)}`);
    }
    for (const l of e.links) {
      const other = l.direction === 'outgoing' ? l.to : l.from;
      lines.push(`${l.direction === 'outgoing' ? l.type : `${l.type} (from)`}: ${other}  ${line(l.otherTitle)}`);
    }
    for (const p of e.provenance) lines.push(`arrived in bundle ${line(p.bundleId)} from ${line(p.producer)} on ${line(p.receivedAt)}`);
  }
  if (e.summary) lines.push('', block(e.summary));
  if (e.body) lines.push('', block(e.body));
  return lines.join('\n');
}

export function formatTags(tags: ResponseOf<'tags.list'>['tags']): string {
  if (tags.length === 0) return 'No tags yet.';
  return tags
    .map((t) => {
      const depth = t.path.split('/').length - 1;
      const synonyms = t.synonyms.length > 0 ? `  (also: ${t.synonyms.map(line).join(', ')})` : '';
      return `${'  '.repeat(depth)}${line(t.name)}  ${t.count}/${t.totalCount}${synonyms}`;
    })
    .join('\n');
}
