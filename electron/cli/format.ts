import type { ResponseOf } from '../../shared/contract/index.js';
import type { Entry, EntryDetail, EntrySummary } from '../../shared/schemas/entry.js';

export function formatEntryLine(e: Pick<EntrySummary, 'id' | 'kind' | 'status' | 'language' | 'title'>): string {
  return `${e.id}  ${e.kind.padEnd(9)} ${e.status.padEnd(11)} ${e.language.padEnd(3)} ${e.title}`;
}

function effectText(e: EntryDetail['adoptions'][number]['effects'][number]): string {
  const change =
    e.before !== null && e.after !== null
      ? ` ${e.before}${e.unit ? ` ${e.unit}` : ''} → ${e.after}${e.unit ? ` ${e.unit}` : ''} (${e.after - e.before >= 0 ? '+' : ''}${+(e.after - e.before).toFixed(4)})`
      : '';
  return `${e.indicator}${change}${e.period ? `, ${e.period}` : ''}${e.note ? ` — ${e.note}` : ''}`;
}

export function formatEntry(e: Entry | EntryDetail): string {
  const lines = [
    e.title,
    '='.repeat(Math.min(e.title.length, 80)),
    `id:             ${e.id}`,
    `kind:           ${e.kind}`,
    `status:         ${e.status}`,
    `language:       ${e.language}`,
    `enterprise:     ${e.enterprise?.name ?? '—'}`,
    `registration:   ${e.registration || '—'}`,
    `authors:        ${e.authors.join('; ') || '—'}`,
    `tags:           ${e.tags.join(', ') || '—'}`,
    `classification: ${e.classification.join('; ') || '—'}`,
    `created:        ${e.createdAt}`,
    `updated:        ${e.updatedAt} (revision ${e.revision})`,
  ];
  if (e.attachments.length > 0) {
    lines.push('attachments:');
    for (const a of e.attachments) lines.push(`  ${a.name} (${a.mediaType}, ${a.size} bytes, sha256 ${a.sha256.slice(0, 12)}…)`);
  }
  if ('adoptions' in e) {
    for (const a of e.adoptions) {
      lines.push(`adopted by ${a.enterprise.name} on ${a.date}${a.note ? ` — ${a.note}` : ''}`);
      for (const effect of a.effects) lines.push(`  ${effectText(effect)}`);
    }
    for (const l of e.links) {
      const other = l.direction === 'outgoing' ? l.to : l.from;
      lines.push(`${l.direction === 'outgoing' ? l.type : `${l.type} (from)`}: ${other}  ${l.otherTitle}`);
    }
    for (const p of e.provenance) lines.push(`arrived in bundle ${p.bundleId} from ${p.producer} on ${p.receivedAt}`);
  }
  if (e.summary) lines.push('', e.summary);
  if (e.body) lines.push('', e.body);
  return lines.join('\n');
}

export function formatTags(tags: ResponseOf<'tags.list'>['tags']): string {
  if (tags.length === 0) return 'No tags yet.';
  return tags
    .map((t) => {
      const depth = t.path.split('/').length - 1;
      const synonyms = t.synonyms.length > 0 ? `  (also: ${t.synonyms.join(', ')})` : '';
      return `${'  '.repeat(depth)}${t.name}  ${t.count}/${t.totalCount}${synonyms}`;
    })
    .join('\n');
}
