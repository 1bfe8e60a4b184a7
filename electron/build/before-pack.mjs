// electron-builder's beforePack hook (electron-builder.yml): refuses to package without the
// Electron build of better-sqlite3 made for the Electron, platform and architecture being
// packaged. electron-builder itself only warns when an extraResources source is missing,
// which would ship an installer that shows "Ratio cannot start" on every machine.
import { addonStatus, describeTarget, wantedTarget } from './electron-addon.mjs';

/** builder-util's Arch enum, by value. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** What must be in place to package for `context`, and whether it is; `null` when it is. */
export function packagingProblem(context) {
  const root = context.packager.info.projectDir;
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  const electron = context.packager.info.framework?.version;
  const target = wantedTarget(root, { electron, platform, arch });
  if (!target) return 'Electron or better-sqlite3 is not installed, so there is no Electron build of better-sqlite3 to package.';
  if (arch === 'universal')
    return 'a universal macOS build needs better-sqlite3 for both architectures, which this project does not make; package x64 and arm64 separately.';
  const status = addonStatus(root, target);
  if (status.state === 'ready') return null;
  return (
    `refusing to package without ${describeTarget(target)}: ${status.reason}. ` +
    `On a ${platform}-${arch} machine run "node electron/build/native-electron.mjs --strict" (after npm install), then package again.`
  );
}

export async function beforePack(context) {
  const problem = packagingProblem(context);
  if (problem) throw new Error(`Ratio packaging: ${problem}`);
}

export default beforePack;
