import { expect, vi } from 'vitest';
import type * as FakeElectron from './fake-electron.js';

/**
 * Starts main.ts on the stand-in Electron (mocked by the calling test file), waits for it to
 * quit after showing exactly one error box, and gives that box's title and text.
 */
export async function cannotStartScreen(fake: typeof FakeElectron): Promise<{ title: string; detail: string }> {
  await import('../../electron/shell/main.js');
  fake.app.makeReady();
  await vi.waitFor(() => expect(fake.app.quitCalls).toBe(1), { timeout: 10_000 });
  expect(fake.dialog.showErrorBox).toHaveBeenCalledTimes(1);
  const [title, detail] = fake.dialog.showErrorBox.mock.calls[0] as [string, string];
  return { title, detail };
}
