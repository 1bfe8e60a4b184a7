import { ENTRY_FIELDS, ENTRY_KINDS, ENTRY_STATUSES, LINK_TYPES, REVISION_ACTIONS, TAG_PATH_SEPARATOR } from '../../shared/domain.js';
import { ID_PATTERN as ID, isMediaType, isMultiLineText, isSingleLineText, SHA256_PATTERN as HEX64 } from '../../shared/text-rules.js';
import { MAX_HISTORY, MAX_REVISION_NUMBER } from './limits.js';
import type { EntryRecord } from './records.js';

/*
 * A fast check of entry records, used before the EntryRecord schema: it accepts only what
 * the schema accepts (it is stricter where that is simpler: lowercase ids, safe integers),
 * and a record it does not accept goes to the schema, which refuses it with its message or
 * accepts it after all. zod costs more than parsing the JSON on a bundle of 10,000 records;
 * this costs a fraction, and the record keeps the parsed objects (in the canonical key
 * order the producer wrote), which canonical JSON then serialises without copying.
 * Keep it in step with records.ts: test/exchange/record-check.test.ts compares the two.
 */

type Json = Record<string, unknown>;

const LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PATH_CHARACTERS = /[\\/\0]/;

const KINDS = new Set<unknown>(ENTRY_KINDS);
const STATUSES = new Set<unknown>(ENTRY_STATUSES);
const ACTIONS = new Set<unknown>(REVISION_ACTIONS);
const FIELDS = new Set<unknown>(ENTRY_FIELDS);
const LINKS = new Set<unknown>(LINK_TYPES);

/** A plain object with exactly these keys. */
function shaped(value: unknown, keys: readonly string[]): value is Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (Object.keys(value).length !== keys.length) return false;
  for (const key of keys) if (!Object.hasOwn(value, key)) return false;
  return true;
}

function length(value: unknown, min: number, max: number): value is string {
  return typeof value === 'string' && value.length >= min && value.length <= max;
}

/** Single-line text (records.ts `line`). */
function text(value: unknown, min: number, max: number): value is string {
  return length(value, min, max) && isSingleLineText(value);
}

/** Multi-line text (records.ts `prose`). */
function prose(value: unknown, max: number): value is string {
  return length(value, 0, max) && isMultiLineText(value);
}

function integer(value: unknown, min: number, max: number): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
}

function list(value: unknown, min: number, max: number, item: (v: unknown) => boolean): boolean {
  if (!Array.isArray(value) || value.length < min || value.length > max) return false;
  for (const v of value) if (!item(v)) return false;
  return true;
}

const id = (v: unknown): boolean => typeof v === 'string' && ID.test(v);
const hex64 = (v: unknown): boolean => typeof v === 'string' && HEX64.test(v);
const stamp = (v: unknown): boolean => text(v, 1, 40);
const finiteOrNull = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isFinite(v));

function tagPath(v: unknown): boolean {
  if (!text(v, 0, 700)) return false;
  const parts = v.split(TAG_PATH_SEPARATOR);
  return parts.length <= 8 && parts.every((s) => s.length > 0 && s.length <= 80 && s.trim() === s);
}

function attachment(v: unknown): boolean {
  return (
    shaped(v, ['sha256', 'name', 'mediaType', 'size']) &&
    hex64(v.sha256) &&
    text(v.name, 0, 255) &&
    !PATH_CHARACTERS.test(v.name) &&
    v.name !== '.' &&
    v.name !== '..' &&
    v.name.trim().length > 0 &&
    typeof v.mediaType === 'string' &&
    isMediaType(v.mediaType) &&
    integer(v.size, 0, Number.MAX_SAFE_INTEGER)
  );
}

function snapshot(v: unknown): boolean {
  return (
    shaped(v, ['kind', 'title', 'summary', 'body', 'status', 'language', 'enterprise', 'registration', 'authors', 'tags', 'classification', 'attachments']) &&
    KINDS.has(v.kind) &&
    text(v.title, 0, 500) &&
    v.title.trim().length > 0 &&
    prose(v.summary, 10_000) &&
    prose(v.body, 2_000_000) &&
    STATUSES.has(v.status) &&
    typeof v.language === 'string' &&
    LANGUAGE.test(v.language) &&
    (v.enterprise === null || text(v.enterprise, 1, 300)) &&
    text(v.registration, 0, 200) &&
    list(v.authors, 0, 100, (a) => text(a, 1, 200)) &&
    list(v.tags, 0, 200, tagPath) &&
    list(v.classification, 0, 100, (c) => text(c, 1, 100)) &&
    list(v.attachments, 0, 1000, attachment)
  );
}

function revision(v: unknown): boolean {
  return (
    shaped(v, ['number', 'at', 'author', 'action', 'changed', 'snapshot', 'contentHash']) &&
    integer(v.number, 1, MAX_REVISION_NUMBER) &&
    stamp(v.at) &&
    (v.author === null || text(v.author, 0, 200)) &&
    ACTIONS.has(v.action) &&
    list(v.changed, 0, ENTRY_FIELDS.length, (f) => FIELDS.has(f)) &&
    snapshot(v.snapshot) &&
    hex64(v.contentHash)
  );
}

const enterprise = (v: unknown): boolean => shaped(v, ['id', 'name']) && id(v.id) && text(v.name, 1, 300);

const EFFECT_KEYS = ['indicator', 'before', 'after', 'unit', 'period', 'note'] as const;

function effect(v: unknown): boolean {
  // `better` is optional: producers write it only when the direction is known, so bundles without it stay readable by older versions.
  const directed = v !== null && typeof v === 'object' && Object.hasOwn(v, 'better');
  return (
    shaped(v, directed ? [...EFFECT_KEYS, 'better'] : EFFECT_KEYS) &&
    (!directed || v.better === 'higher' || v.better === 'lower') &&
    text(v.indicator, 1, 200) &&
    finiteOrNull(v.before) &&
    finiteOrNull(v.after) &&
    text(v.unit, 0, 40) &&
    text(v.period, 0, 200) &&
    prose(v.note, 2000)
  );
}

function adoption(v: unknown): boolean {
  return (
    shaped(v, ['id', 'enterprise', 'date', 'note', 'effects']) &&
    id(v.id) &&
    enterprise(v.enterprise) &&
    typeof v.date === 'string' &&
    DATE.test(v.date) &&
    prose(v.note, 5000) &&
    list(v.effects, 0, 50, effect)
  );
}

const link = (v: unknown): boolean => shaped(v, ['to', 'type']) && id(v.to) && LINKS.has(v.type);

/** True only for a value the EntryRecord schema accepts unchanged. */
export function isEntryRecord(v: unknown): v is EntryRecord {
  return (
    shaped(v, ['id', 'createdAt', 'updatedAt', 'revision', 'enterprise', 'state', 'adoptions', 'links', 'history']) &&
    id(v.id) &&
    stamp(v.createdAt) &&
    stamp(v.updatedAt) &&
    integer(v.revision, 1, MAX_REVISION_NUMBER) &&
    (v.enterprise === null || enterprise(v.enterprise)) &&
    snapshot(v.state) &&
    list(v.adoptions, 0, 1000, adoption) &&
    list(v.links, 0, 1000, link) &&
    list(v.history, 1, MAX_HISTORY, revision)
  );
}
