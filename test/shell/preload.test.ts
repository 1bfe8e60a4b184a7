import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RatioBridge, ShellCommand } from '../../shared/bridge.js';

vi.mock('electron', () => import('./fake-electron.js'));

const fake = await import('./fake-electron.js');

interface DropEvent {
  dataTransfer: { files: { path: string }[]; types: string[] };
  preventDefault: ReturnType<typeof vi.fn>;
  stopPropagation: ReturnType<typeof vi.fn>;
}
const windowListeners = new Map<string, (event: DropEvent) => void>();
let bridge: RatioBridge;

beforeAll(async () => {
  // The preload runs in a window; give it the one window API it uses.
  vi.stubGlobal('addEventListener', (type: string, listener: (event: DropEvent) => void) => windowListeners.set(type, listener));
  await import('../../electron/shell/preload.js');
  bridge = fake.contextBridge.exposed.get('ratioBridge') as RatioBridge;
});

const drop = (...paths: string[]): DropEvent => ({
  dataTransfer: { files: paths.map((p) => ({ path: p })), types: ['Files'] },
  preventDefault: vi.fn(),
  stopPropagation: vi.fn(),
});

describe('the preload', () => {
  it('exposes only ratioBridge, with call, onProgress, onCommand and setShellLanguage', () => {
    expect([...fake.contextBridge.exposed.keys()]).toEqual(['ratioBridge']);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onCommand', 'onProgress', 'setShellLanguage']);
    expect(bridge).not.toHaveProperty('ipcRenderer');
    expect(bridge).not.toHaveProperty('invoke');
  });

  it('refuses unknown operation names without touching IPC', async () => {
    fake.ipcRenderer.invoke.mockClear();
    for (const op of ['nope', 'ratio:entries.get', '__proto__', 'constructor', 'entries.get ']) {
      const outcome = await bridge.call(op, {});
      expect(outcome).toEqual({ ok: false, error: { code: 'UNKNOWN_OPERATION', message: expect.any(String) } });
    }
    expect(fake.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('carries a contract operation on its own channel, payload untouched', async () => {
    fake.ipcRenderer.invoke.mockClear();
    fake.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { entries: [], total: 0 } });
    const outcome = await bridge.call('entries.list', { limit: 5 });
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith('ratio:entries.list', { limit: 5 });
    expect(outcome).toEqual({ ok: true, value: { entries: [], total: 0 } });
  });

  it('carries the interface language on its own channel, and only en, ru or zh', () => {
    fake.ipcRenderer.invoke.mockClear();
    bridge.setShellLanguage('ru');
    bridge.setShellLanguage('zh');
    for (const bad of ['de', 'ru-RU', '', 7, null, { language: 'ru' }]) bridge.setShellLanguage(bad as never);
    expect(fake.ipcRenderer.invoke.mock.calls).toEqual([
      ['ratio-shell:language', 'ru'],
      ['ratio-shell:language', 'zh'],
    ]);
  });

  it('says so in the console when the shell refuses the language, and stays quiet when it takes it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      fake.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: null });
      bridge.setShellLanguage('ru');
      await vi.waitFor(() => expect(fake.ipcRenderer.invoke).toHaveBeenCalled());
      await new Promise((resolve) => setImmediate(resolve));
      expect(warn).not.toHaveBeenCalled();
      fake.ipcRenderer.invoke.mockResolvedValueOnce({
        ok: false,
        error: { code: 'INVALID_INPUT', message: 'The interface language must be "en", "ru" or "zh".' },
      });
      bridge.setShellLanguage('zh');
      await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.stringContaining('did not take'), expect.stringContaining('must be')));
    } finally {
      warn.mockRestore();
    }
  });

  it('hands progress reports to listeners without the IPC event, and unsubscribes', () => {
    const seen: unknown[][] = [];
    const off = bridge.onProgress((...args: unknown[]) => seen.push(args));
    fake.ipcRenderer.emit('ratio-event:progress', { sender: 'secret', ports: [] }, { task: 'x', done: 1, total: 2 });
    expect(seen).toEqual([[{ task: 'x', done: 1, total: 2 }]]);
    off();
    fake.ipcRenderer.emit('ratio-event:progress', {}, { task: 'x', done: 2, total: 2 });
    expect(seen).toHaveLength(1);
  });

  it('keeps commands that arrive before a listener and delivers them to the first one', () => {
    const early: ShellCommand = { type: 'open-bundle-file', path: '/tmp/a.ratio' };
    fake.ipcRenderer.emit('ratio-event:command', { sender: 'secret' }, early);
    const seen: ShellCommand[] = [];
    const off = bridge.onCommand((command) => seen.push(command));
    expect(seen).toEqual([early]);
    fake.ipcRenderer.emit('ratio-event:command', {}, { type: 'new-entry' });
    expect(seen).toEqual([early, { type: 'new-entry' }]);
    off();
  });

  it('turns a dropped .ratio file into an open-bundle-file command and leaves other drops alone', () => {
    const seen: ShellCommand[] = [];
    const off = bridge.onCommand((command) => seen.push(command));
    const onDrop = windowListeners.get('drop');
    expect(onDrop).toBeDefined();

    const bundle = drop('/home/a/partner.ratio');
    onDrop?.(bundle);
    expect(bundle.preventDefault).toHaveBeenCalled();
    expect(seen).toEqual([{ type: 'open-bundle-file', path: '/home/a/partner.ratio' }]);

    const picture = drop('/home/a/drawing.png');
    onDrop?.(picture);
    expect(picture.preventDefault).not.toHaveBeenCalled();
    const mixed = drop('/home/a/partner.ratio', '/home/a/drawing.png');
    onDrop?.(mixed);
    expect(mixed.preventDefault).not.toHaveBeenCalled();
    expect(seen).toHaveLength(1);
    off();
  });
});
