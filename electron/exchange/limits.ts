/** Format version written into manifest.json; a reader refuses any other. */
export const FORMAT_VERSION = 1;
export const FORMAT_NAME = 'ratio-bundle';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const TAGS_FILE = 'tags.json';
export const ENTERPRISES_FILE = 'enterprises.json';

/** Paths a bundle may hold besides the manifest and its signature; anything else is refused. */
export const BUNDLE_PATH = /^(entries\/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.json|attachments\/[0-9a-f]{64}|tags\.json|enterprises\.json)$/;
/** Directory entries some zip tools add; they carry nothing and are ignored. */
export const ALLOWED_DIRECTORIES = new Set(['entries/', 'attachments/']);

/**
 * Caps applied while reading a bundle, before anything is trusted. Defaults fit a 1 GB
 * bundle of 10,000+ entries; tests lower them to exercise each refusal cheaply.
 */
export interface BundleLimits {
  /** Zip entries (files and directories). */
  maxEntries: number;
  /** Sum of uncompressed sizes. */
  maxTotalBytes: number;
  /** Any one file (attachments). */
  maxFileBytes: number;
  /** Any one JSON file, which is held in memory to parse. */
  maxJsonBytes: number;
  /** Uncompressed / compressed, checked for files larger than ratioFloorBytes. */
  maxRatio: number;
  ratioFloorBytes: number;
  /** Nesting of arrays and objects in any JSON file. */
  maxJsonDepth: number;
}

export const DEFAULT_LIMITS: BundleLimits = {
  maxEntries: 250_000,
  maxTotalBytes: 16 * 1024 ** 3,
  maxFileBytes: 4 * 1024 ** 3,
  maxJsonBytes: 64 * 1024 ** 2,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  maxJsonDepth: 32,
};
