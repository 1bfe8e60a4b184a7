import { RatioError } from '../../../shared/errors.js';

/** How Node words an addon it cannot load: another ABI or platform, a damaged file. */
const LOAD_FAILURE_TEXT =
  /NODE_MODULE_VERSION|compiled against a different Node\.js version|Module did not self-register|invalid ELF header|not a valid Win32 application|Could not locate the bindings file/i;

/**
 * A RatioError NATIVE_MODULE when `error` says better-sqlite3's compiled addon could not be
 * loaded (ERR_DLOPEN_FAILED, an ABI mismatch, a missing addon file), else null. Without
 * this the failure surfaced as "not a Ratio catalogue" or "cannot be written", telling
 * people their catalogue was bad when the program was.
 */
export function nativeModuleFailure(error: unknown): RatioError | null {
  if (!(error instanceof Error)) return null;
  const code = (error as NodeJS.ErrnoException).code;
  const text = (error.message.split(/\n\s*Require stack:/)[0] ?? '').replace(/\s+/g, ' ').trim();
  const missingAddon = code === 'MODULE_NOT_FOUND' && /\.node'?$/.test(text);
  if (code !== 'ERR_DLOPEN_FAILED' && !missingAddon && !LOAD_FAILURE_TEXT.test(text)) return null;
  return new RatioError(
    'NATIVE_MODULE',
    `Ratio's database module (better-sqlite3) cannot be loaded by this program (${text}): it was built for another version of Node or Electron, or it is missing or damaged. The catalogue was not touched.`,
  );
}
