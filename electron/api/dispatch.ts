import { type z } from 'zod';
import { contract, isOperationName, type OperationName, type ResponseOf } from '../../shared/contract/index.js';
import type { Outcome } from '../../shared/client.js';
import { asRatioError, toErrorPayload, type ErrorPayload } from '../../shared/errors.js';
import { detailOfIssue } from '../../shared/issue-detail.js';
import type { HandlerTable } from './handlers/index.js';

/** One readable sentence from a zod failure: the first issue, with the field it concerns. */
export function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request was not valid.';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  const message = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
  const sentence = `${where}${message}`;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** A refused request as a payload: the English sentence and, for translation, what and where. */
export function invalidInput(error: z.ZodError): ErrorPayload {
  const issue = error.issues[0];
  return issue
    ? { code: 'INVALID_INPUT', message: describeIssues(error), detail: detailOfIssue(issue) }
    : { code: 'INVALID_INPUT', message: describeIssues(error) };
}

export interface DispatchOptions {
  /** Check responses against the contract too (tests turn this on to catch drift). */
  validateResponses?: boolean;
  /** Log unexpected failures somewhere other than the caller's screen. */
  onInternalError?: (error: unknown) => void;
}

/**
 * The boundary every transport goes through: checks the operation name, parses the request
 * with its schema, runs the handler, and turns any failure into a typed error payload.
 */
export async function dispatch(handlers: HandlerTable, op: unknown, request: unknown, options: DispatchOptions = {}): Promise<Outcome<unknown>> {
  if (!isOperationName(op)) {
    return {
      ok: false,
      error: {
        code: 'UNKNOWN_OPERATION',
        message: `"${String(op)}" is not an operation of the Ratio API.`,
        detail: { key: 'unknownOperation', params: { name: String(op).slice(0, 100) } },
      },
    };
  }
  const parsed = contract[op].request.safeParse(request ?? {});
  if (!parsed.success) return { ok: false, error: invalidInput(parsed.error) };
  try {
    const handler = handlers[op] as (req: unknown) => unknown;
    const value = await handler(parsed.data);
    if (options.validateResponses) {
      const checked = contract[op].response.safeParse(value);
      if (!checked.success) throw new Error(`Response of ${op} breaks the contract: ${describeIssues(checked.error)}`);
    }
    return { ok: true, value: value as ResponseOf<OperationName> };
  } catch (error) {
    // A busy, damaged or full catalogue is the person's to act on, not a fault of Ratio's.
    const typed = asRatioError(error);
    if (!typed) options.onInternalError?.(error);
    return { ok: false, error: toErrorPayload(typed ?? error) };
  }
}
