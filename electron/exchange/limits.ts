import { HEX64, ID_HEX } from '../../shared/text-rules.js';

/** Format version written into manifest.json; a reader refuses any other. */
export const FORMAT_VERSION = 1;
export const FORMAT_NAME = 'ratio-bundle';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const TAGS_FILE = 'tags.json';
export const ENTERPRISES_FILE = 'enterprises.json';
/** The concepts the bundle's tags stand for (absent from bundles of catalogues without a thesaurus). */
export const CONCEPTS_FILE = 'concepts.json';

/** Paths a bundle may hold besides the manifest and its signature; anything else is refused. */
export const BUNDLE_PATH = new RegExp(`^(entries/${ID_HEX}\\.json|attachments/${HEX64}|tags\\.json|enterprises\\.json|concepts\\.json)$`);
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
  /**
   * Uncompressed / compressed, checked for each file larger than ratioFloorBytes and for all
   * files together once they add up to more than ratioFloorBytes (many small files each just
   * under the floor are one bomb).
   */
  maxRatio: number;
  ratioFloorBytes: number;
  /** Nesting of arrays and objects in any JSON file. */
  maxJsonDepth: number;
  /**
   * Sum of the uncompressed sizes of all JSON files (manifest aside). Records are parsed one
   * at a time, so this bounds the work a bundle can ask for, not the memory it takes.
   */
  maxTotalJsonBytes: number;
  /** Tags in tags.json, and synonyms over all of them: each becomes rows in the catalogue. */
  maxTags: number;
  maxTagSynonyms: number;
}

export const DEFAULT_LIMITS: BundleLimits = {
  maxEntries: 250_000,
  maxTotalBytes: 16 * 1024 ** 3,
  maxFileBytes: 4 * 1024 ** 3,
  maxJsonBytes: 64 * 1024 ** 2,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  maxJsonDepth: 32,
  maxTotalJsonBytes: 4 * 1024 ** 3,
  maxTags: 100_000,
  maxTagSynonyms: 200_000,
};

/**
 * Limits on histories, the same for reading and for writing: an export refuses an entry a
 * reader would refuse, so one entry can never make every later bundle unreadable.
 */
export const MAX_REVISION_NUMBER = 1_000_000;
export const MAX_HISTORY = 10_000;
