import { ipcMain, type WebContents } from 'electron';
import {
  IPC_COMMAND_CHANNEL,
  IPC_PROGRESS_CHANNEL,
  IPC_SHELL_LANGUAGE_CHANNEL,
  ipcChannelFor,
  type ProgressReport,
  type ShellCommand,
} from '../../shared/bridge.js';
import { isInterfaceLanguage, type InterfaceLanguage } from '../../shared/languages.js';
import type { Outcome } from '../../shared/client.js';
import { OPERATION_NAMES, contract } from '../../shared/contract/index.js';
import { invalidInput } from '../api/dispatch.js';
import { isTrustedSender } from './security.js';

export interface CoreCaller {
  call(op: string, request: unknown): Promise<Outcome<unknown>>;
}

export class ForeignSenderError extends Error {
  constructor(channel: string) {
    super(`Refused ${channel}: the message did not come from Ratio's own window.`);
    this.name = 'ForeignSenderError';
  }
}

/**
 * Registers exactly one handler per contract operation, on its own channel, and nothing
 * else: the renderer has no other way into main. Each handler first checks the sender,
 * then parses the payload with the operation's schema here in main, so nothing malformed
 * even reaches the core process; the core parses again at its own boundary (dispatch),
 * as it does for every transport, and answers with a typed outcome.
 */
export function registerIpcHandlers(core: CoreCaller, trustedContentsId: () => number | null): string[] {
  return OPERATION_NAMES.map((op) => {
    const channel = ipcChannelFor(op);
    ipcMain.handle(channel, async (event, request: unknown) => {
      if (!isTrustedSender(event, trustedContentsId)) throw new ForeignSenderError(channel);
      const parsed = contract[op].request.safeParse(request ?? {});
      if (!parsed.success) return { ok: false, error: invalidInput(parsed.error) } satisfies Outcome<unknown>;
      return core.call(op, request);
    });
    return channel;
  });
}

/**
 * The one channel that is not an operation: the page tells the shell its interface language.
 * The same sender check as every operation; the payload must be exactly 'en', 'ru' or 'zh'
 * (anything else is refused and changes nothing). It gives the page no power but the words
 * of the menus and dialogs.
 */
export function registerShellLanguageHandler(onLanguage: (language: InterfaceLanguage) => void, trustedContentsId: () => number | null): string {
  ipcMain.handle(IPC_SHELL_LANGUAGE_CHANNEL, (event, language: unknown): Outcome<null> => {
    if (!isTrustedSender(event, trustedContentsId)) throw new ForeignSenderError(IPC_SHELL_LANGUAGE_CHANNEL);
    if (!isInterfaceLanguage(language)) {
      return { ok: false, error: { code: 'INVALID_INPUT', message: 'The interface language must be "en", "ru" or "zh".' } };
    }
    onLanguage(language);
    return { ok: true, value: null };
  });
  return IPC_SHELL_LANGUAGE_CHANNEL;
}

export function removeIpcHandlers(channels: readonly string[]): void {
  for (const channel of channels) ipcMain.removeHandler(channel);
}

export function sendProgress(contents: WebContents | null, report: ProgressReport): void {
  if (contents && !contents.isDestroyed()) contents.send(IPC_PROGRESS_CHANNEL, report);
}

export function sendCommand(contents: WebContents | null, command: ShellCommand): void {
  if (contents && !contents.isDestroyed()) contents.send(IPC_COMMAND_CHANNEL, command);
}
