// The preload of the sandboxed renderer (bundled to CommonJS: a sandboxed preload cannot
// load ES modules or other files). It exposes one object, `ratioBridge`, and nothing else of
// Electron: no ipcRenderer, no events, no Node. Its methods: call (the contract's operations),
// onProgress, onCommand, and setShellLanguage (the words of the native menus and dialogs).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import {
  BRIDGE_GLOBAL,
  IPC_COMMAND_CHANNEL,
  IPC_PROGRESS_CHANNEL,
  IPC_SHELL_LANGUAGE_CHANNEL,
  ipcChannelFor,
  type ProgressReport,
  type RatioBridge,
  type ShellCommand,
} from '../../shared/bridge.js';
import { isInterfaceLanguage } from '../../shared/languages.js';
import type { Outcome } from '../../shared/client.js';
import { isOperationName } from '../../shared/contract/index.js';

const BUNDLE_EXTENSION = /\.ratio$/i;

/** Hands commands to the renderer's listeners, keeping those that come before any listener. */
function commandHub(): { deliver(command: ShellCommand): void; subscribe(listener: (command: ShellCommand) => void): () => void } {
  const listeners = new Set<(command: ShellCommand) => void>();
  const early: ShellCommand[] = [];
  return {
    deliver(command) {
      if (listeners.size === 0) early.push(command);
      for (const listener of listeners) listener(command);
    },
    subscribe(listener) {
      listeners.add(listener);
      for (const command of early.splice(0)) listener(command);
      return () => listeners.delete(listener);
    },
  };
}

export function createBridge(): RatioBridge {
  const commands = commandHub();
  ipcRenderer.on(IPC_COMMAND_CHANNEL, (_event, command: ShellCommand) => commands.deliver(command));
  installBundleDrop((path) => commands.deliver({ type: 'open-bundle-file', path }));

  return {
    call(op: string, request: unknown): Promise<Outcome<unknown>> {
      // Only the contract's operations have channels; anything else never reaches IPC.
      if (!isOperationName(op)) {
        return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_OPERATION', message: `"${String(op)}" is not an operation of the Ratio API.` } });
      }
      return ipcRenderer.invoke(ipcChannelFor(op), request) as Promise<Outcome<unknown>>;
    },
    onProgress(listener) {
      // The IPC event (with its sender and ports) stays here; the page gets the report only.
      const relay = (_event: unknown, report: ProgressReport): void => listener(report);
      ipcRenderer.on(IPC_PROGRESS_CHANNEL, relay);
      return () => {
        ipcRenderer.removeListener(IPC_PROGRESS_CHANNEL, relay);
      };
    },
    onCommand(listener) {
      return commands.subscribe(listener);
    },
    setShellLanguage(language) {
      // Only the three languages are carried; main checks the sender and the value again.
      if (!isInterfaceLanguage(language)) return;
      const refused = (why: unknown): void => console.warn('ratio: the shell did not take the interface language', why);
      ipcRenderer
        .invoke(IPC_SHELL_LANGUAGE_CHANNEL, language)
        .then((outcome: Outcome<null> | undefined) => {
          if (outcome?.ok !== true) refused(outcome?.error.message ?? outcome);
        })
        .catch(refused);
    },
  };
}

interface DroppedFiles {
  readonly length: number;
  readonly [index: number]: File | undefined;
}
interface DragEventLike {
  dataTransfer: { files: DroppedFiles; types: readonly string[] } | null;
  preventDefault(): void;
  stopPropagation(): void;
}
interface DropTarget {
  addEventListener(type: 'dragover' | 'drop', listener: (event: DragEventLike) => void, capture: boolean): void;
}

function pathOf(file: File | undefined): string | null {
  if (!file) return null;
  try {
    // File.path is gone since Electron 32; webUtils is the supported way to a dropped file's path.
    const path = webUtils.getPathForFile(file);
    return typeof path === 'string' && path !== '' ? path : null;
  } catch {
    return null;
  }
}

/**
 * `.ratio` files dropped anywhere on the window become an open-bundle-file command, the
 * same as opening one from the system. The shell takes such drops (capture phase) so the
 * page never has to deal with file paths; other drops reach the page untouched.
 */
function installBundleDrop(open: (path: string) => void): void {
  const target = globalThis as unknown as Partial<DropTarget>;
  if (typeof target.addEventListener !== 'function') return;
  target.addEventListener(
    'dragover',
    (event) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    },
    true,
  );
  target.addEventListener(
    'drop',
    (event) => {
      const files = event.dataTransfer?.files;
      if (!files || files.length === 0) return;
      const paths: string[] = [];
      for (let i = 0; i < files.length; i += 1) {
        const path = pathOf(files[i]);
        if (!path || !BUNDLE_EXTENSION.test(path)) return;
        paths.push(path);
      }
      event.preventDefault();
      event.stopPropagation();
      for (const path of paths) open(path);
    },
    true,
  );
}

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createBridge());
