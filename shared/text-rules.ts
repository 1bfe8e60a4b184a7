/*
 * Which characters a stored text may hold. Control characters in a title or a tag can
 * rewrite what a terminal shows (ANSI escapes, a lone carriage return), and bidirectional
 * controls can make a name read backwards, so text that another enterprise sends, and
 * names a person types, are refused when they carry them. Bundles and the API apply the
 * same rules, so what one catalogue writes another can read.
 */

/**
 * Single-line text (titles, names, tags, codes): no C0 or C1 control, no DEL, no line or
 * paragraph separator, no bidirectional control (ALM, LRM, RLM, embeddings, overrides, isolates).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

/**
 * Multi-line text (bodies, summaries, notes): no control character but tab, line feed and a
 * carriage return that ends a line (CRLF, as Windows files have it); no C1 control. A lone
 * carriage return would let a line overwrite the one before it on a terminal.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/;

export function isSingleLineText(text: string): boolean {
  return !SINGLE_LINE_FORBIDDEN.test(text);
}

export function isMultiLineText(text: string): boolean {
  return !MULTI_LINE_FORBIDDEN.test(text);
}

export const SINGLE_LINE_MESSAGE = 'It cannot contain control characters, line breaks or bidirectional controls.';
export const MULTI_LINE_MESSAGE = 'It cannot contain control characters other than tab and line breaks.';

/**
 * A media type as `type/subtype` (RFC 6838 restricted names), optionally with parameters
 * `; name=value` whose values are tokens; at most 200 characters, so never a CR or LF
 * that could split a response header.
 */
const TOKEN = '[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}';
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:; ?${TOKEN}=${TOKEN})*$`);
export const MAX_MEDIA_TYPE_LENGTH = 200;

export function isMediaType(text: string): boolean {
  return text.length <= MAX_MEDIA_TYPE_LENGTH && MEDIA_TYPE.test(text);
}

export const MEDIA_TYPE_MESSAGE = 'Expected a media type such as image/png.';

/*
 * Ids and content hashes, in the one form this catalogue writes them: checked where a
 * request, a bundle, a file name or a URL carries one, and used to build larger patterns.
 */

/** A SHA-256 in lowercase hex, as a pattern's source for the larger patterns built of it (bundle paths, store file names). */
export const HEX64 = '[0-9a-f]{64}';
/** A Ratio id (a UUIDv7 in lowercase, as ids are written), as a pattern's source. */
export const ID_HEX = '[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
/** How attachments and revision contents are named: their SHA-256, lowercase hex. */
export const SHA256_PATTERN = new RegExp(`^${HEX64}$`);
/** A Ratio id exactly as this catalogue writes one (the fast check of a record's ids). */
export const ID_PATTERN = new RegExp(`^${ID_HEX}$`);
/** Any UUID in either case: what a person may type or paste where an id is expected. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
