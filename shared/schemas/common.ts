import { z } from 'zod';
import { TAG_PATH_SEPARATOR } from '../domain.js';
import { isMediaType, isMultiLineText, isSingleLineText, MEDIA_TYPE_MESSAGE, MULTI_LINE_MESSAGE, SINGLE_LINE_MESSAGE } from '../text-rules.js';

/** Tabs and line breaks a pasted or imported name may carry; on one line each run is one space. */
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
const onOneLine = (text: string): string => text.replace(LINE_BREAKS, ' ');

/**
 * Text on one line (titles, names): line breaks and tabs become spaces, then it is refused
 * if it still holds a control character or a bidirectional control.
 */
export const oneLine = (schema: z.ZodString) => z.string().transform(onOneLine).pipe(schema.refine(isSingleLineText, SINGLE_LINE_MESSAGE));
/** Text over lines (bodies, notes): refused with control characters other than tab and line ends. */
export const manyLines = (schema: z.ZodString) => schema.refine(isMultiLineText, MULTI_LINE_MESSAGE);

/** A media type given with an attachment; empty means "work it out from the name". */
export const MediaType = z
  .string()
  .trim()
  .refine((t) => t === '' || isMediaType(t), MEDIA_TYPE_MESSAGE);

export const Id = z.uuid({ version: 'v7', message: 'Expected a Ratio id (a UUIDv7).' });

/** A calendar date `YYYY-MM-DD` that exists (no 2023-02-30). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date as YYYY-MM-DD.')
  .refine(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
    },
    { message: 'That date does not exist.', params: { key: 'validation.noSuchDate' } },
  );

export const Timestamp = z.iso.datetime({ offset: true, message: 'Expected an ISO 8601 timestamp.' });

export const Language = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/, 'Expected a language code such as en, ru or zh.');

const IPC_CODE = /^([A-H])(\d{2})?([A-Z])?\s*(\d{1,4}\/\d{1,6})?$/;

/** Normalises `d06c23/04` style input to `D06C 23/04`; rejects what is not IPC-shaped. */
export function normaliseClassification(raw: string): string | null {
  const m = IPC_CODE.exec(raw.trim().toUpperCase());
  if (!m) return null;
  const [, section, klass, subclass, group] = m;
  if (group && !(klass && subclass)) return null;
  if (subclass && !klass) return null;
  return `${section}${klass ?? ''}${subclass ?? ''}${group ? ` ${group}` : ''}`;
}

export const ClassificationCode = z.string().transform((raw, ctx) => {
  const code = normaliseClassification(raw);
  if (code === null) {
    ctx.addIssue({
      code: 'custom',
      message: `"${raw}" is not a classification code like D06C 23/04.`,
      params: { key: 'validation.classification', value: raw },
    });
    return z.NEVER;
  }
  return code;
});

export const TagName = z
  .string()
  .transform(onOneLine)
  .pipe(
    z
      .string()
      .trim()
      .min(1, 'A tag name cannot be empty.')
      .max(80, 'A tag name is at most 80 characters.')
      .refine((s) => !s.includes(TAG_PATH_SEPARATOR), {
        message: `A tag name cannot contain "${TAG_PATH_SEPARATOR}".`,
        params: { key: 'validation.tagNameSlash' },
      })
      .refine(isSingleLineText, 'A tag name cannot contain control characters or bidirectional controls.'),
  );

/** `a/b/c`: tag c under b under a. Segments are trimmed; empty segments are refused. */
export const TagPath = z.string().transform((raw, ctx) => {
  const parts = onOneLine(raw)
    .split(TAG_PATH_SEPARATOR)
    .map((p) => p.trim());
  if (parts.some((p) => p.length === 0)) {
    ctx.addIssue({ code: 'custom', message: `"${raw}" is not a tag path like textiles/wool.`, params: { key: 'validation.tagPath', value: raw } });
    return z.NEVER;
  }
  if (parts.some((p) => p.length > 80) || parts.length > 8) {
    ctx.addIssue({ code: 'custom', message: `Tag path "${raw}" is too long.`, params: { key: 'validation.tagPathLong', value: raw } });
    return z.NEVER;
  }
  if (!parts.every(isSingleLineText)) {
    // The path is not echoed: it is what could rewrite the line it is shown on.
    ctx.addIssue({ code: 'custom', message: 'A tag path cannot contain control characters or bidirectional controls.' });
    return z.NEVER;
  }
  return parts.join(TAG_PATH_SEPARATOR);
});

export const PersonName = oneLine(z.string().trim().min(1, 'An author name cannot be empty.').max(200));

/** A reference to an enterprise by id or by name. */
export const EnterpriseRef = oneLine(z.string().trim().min(1, 'Name an enterprise.').max(300));

export const Empty = z.object({}).strict();
