import type { z } from 'zod';
import type { ErrorDetail } from './errors.js';

type Issue = z.ZodError['issues'][number];

/**
 * The field an issue concerns, as the interface names it: the last named step of its path
 * (`patch.title` → `title`, `authors.2` → `authors`); empty for the request as a whole.
 */
export function issueField(path: readonly PropertyKey[]): string {
  for (let i = path.length - 1; i >= 0; i -= 1) {
    const step = path[i];
    if (typeof step === 'string') return step;
  }
  return '';
}

function scalar(value: unknown): string | number | undefined {
  if (typeof value === 'string') return value.slice(0, 200);
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/**
 * A zod issue as a translatable sentence: its kind (too short, too long, bad format…) and
 * the field, so an interface in any language can say what is wrong and where. Schemas that
 * explain themselves (a tag path, a classification code) put their own key in the custom
 * issue's params.
 */
export function detailOfIssue(issue: Issue): ErrorDetail {
  const field = issueField(issue.path);
  const params: Record<string, string | number> = { field };
  switch (issue.code) {
    case 'custom': {
      const own = issue.params as Record<string, unknown> | undefined;
      const key = typeof own?.key === 'string' ? own.key : 'validation.invalid';
      for (const [name, value] of Object.entries(own ?? {})) {
        const v = name === 'key' ? undefined : scalar(value);
        if (v !== undefined) params[name] = v;
      }
      return { key, params };
    }
    case 'too_small': {
      const minimum = scalar(issue.minimum) ?? 0;
      if (issue.origin === 'string')
        return minimum === 1 ? { key: 'validation.required', params } : { key: 'validation.tooShort', params: { ...params, minimum } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'validation.tooFew', params: { ...params, minimum } };
      return { key: 'validation.tooSmall', params: { ...params, minimum } };
    }
    case 'too_big': {
      const maximum = scalar(issue.maximum) ?? 0;
      if (issue.origin === 'string') return { key: 'validation.tooLong', params: { ...params, maximum } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'validation.tooMany', params: { ...params, maximum } };
      return { key: 'validation.tooLarge', params: { ...params, maximum } };
    }
    case 'invalid_type':
      return { key: issue.input === undefined ? 'validation.missing' : 'validation.wrongType', params };
    case 'invalid_value':
      return { key: 'validation.notAllowed', params };
    case 'invalid_format':
      if (issue.format === 'uuid') return { key: 'validation.badId', params };
      if (issue.format === 'datetime') return { key: 'validation.badTimestamp', params };
      return { key: 'validation.badFormat', params };
    case 'unrecognized_keys':
      return { key: 'validation.unknownField', params: { ...params, names: issue.keys.join(', ') } };
    default:
      return { key: 'validation.invalid', params };
  }
}
