// main.ts end to end against the stand-in electron module and a real core host:
// lifecycle, the IPC registry, sender checks, protocols, menus, dialogs and commands.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ipcChannelFor, type ShellCommand } from '../../shared/bridge.js';
import type { Outcome } from '../../shared/client.js';
import { OPERATION_NAMES } from '../../shared/contract/index.js';

vi.mock('electron', () => import('./fake-electron.js'));

const fake = await import('./fake-electron.js');
const { wireCoreHost } = await import('./core-wire.js');

type Fake = typeof fake;
type Window = InstanceType<Fake['BrowserWindow']>;
interface MenuItem {
  label?: string;
  role?: string;
  submenu?: MenuItem[];
  click?: () => void;
}

let base: string;
let window: Window;
const bundle = (): string => path.join(base, 'partner.ratio');

function commandsSent(): ShellCommand[] {
  return window.webContents.sent.filter((m) => m.channel === 'ratio-event:command').map((m) => m.payload as ShellCommand);
}

function invoke(op: string, request: unknown, event: Record<string, unknown> = {}): Promise<Outcome<unknown>> {
  const handler = fake.ipcMain.handlers.get(ipcChannelFor(op));
  if (!handler) throw new Error(`no handler for ${op}`);
  const sender = window.webContents;
  return handler({ sender, senderFrame: sender.mainFrame, ...event }, request) as Promise<Outcome<unknown>>;
}

function menuItem(...labels: string[]): MenuItem {
  let items = (fake.Menu.template ?? []) as MenuItem[];
  let found: MenuItem | undefined;
  for (const label of labels) {
    found = items.find((i) => i.label === label);
    if (!found) throw new Error(`no menu item ${labels.join(' › ')}`);
    items = found.submenu ?? [];
  }
  if (!found) throw new Error('no labels');
  return found;
}

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-main-'));
  fake.app.userData = path.join(base, 'userData');
  fake.app.appPath = path.join(base, 'app');
  // main.ts refuses to start without the Electron build of better-sqlite3; a placeholder
  // satisfies it, and the core host below uses Node's build.
  fs.mkdirSync(path.join(fake.app.appPath, 'node_modules', '.ratio-electron'), { recursive: true });
  fs.writeFileSync(path.join(fake.app.appPath, 'node_modules', '.ratio-electron', 'better_sqlite3.node'), '');
  fs.writeFileSync(bundle(), 'PK');
  fake.utilityProcess.onFork = wireCoreHost;
  // First run: the demo is offered; say yes.
  fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
  delete process.env.RATIO_CATALOGUE;
  process.argv = [process.argv[0] ?? 'electron', '.', bundle()];

  await import('../../electron/shell/main.js');
  fake.app.makeReady();
  await vi.waitFor(() => expect(fake.BrowserWindow.created).toHaveLength(1), { timeout: 10_000 });
  window = fake.BrowserWindow.created[0] as Window;
  await vi.waitFor(() => expect(fake.dialog.showMessageBox).toHaveBeenCalled(), { timeout: 10_000 });
});

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('start-up', () => {
  it('registers the privileged schemes, the sandbox and the single-instance lock before ready', () => {
    expect(fake.app.sandboxed).toBe(true);
    expect(fake.protocol.privileged.map((s) => (s as { scheme: string }).scheme)).toEqual(['app', 'ratio-attachment']);
    expect(fake.app.listeners.get('second-instance')).toHaveLength(1);
    expect(fake.app.listeners.get('open-file')).toHaveLength(1);
    expect(fake.app.listeners.get('web-contents-created')).toHaveLength(1);
  });

  it('runs the core in a utility process with the Electron build of better-sqlite3', () => {
    const child = fake.utilityProcess.forked[0];
    expect(child?.modulePath).toMatch(/core-process\.mjs$/);
    const settings = JSON.parse(child?.options.env?.RATIO_CORE_SETTINGS ?? '{}') as { nativeBinding: string };
    expect(settings.nativeBinding).toBe(path.join(fake.app.appPath, 'node_modules', '.ratio-electron', 'better_sqlite3.node'));
  });

  it('creates the catalogue in userData/catalogue and loads the demo when the person accepts', async () => {
    await vi.waitFor(async () => {
      const info = await invoke('catalogue.info', {});
      expect(info).toMatchObject({ ok: true, value: { path: path.join(fake.app.userData, 'catalogue') } });
      expect((info as { ok: true; value: { entries: number } }).value.entries).toBeGreaterThan(40);
    });
  });

  it('relays the core’s progress events to the window', () => {
    const progress = window.webContents.sent.filter((m) => m.channel === 'ratio-event:progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]?.payload).toMatchObject({ task: 'Loading the demo catalogue', done: expect.any(Number), total: expect.any(Number) });
  });

  it('denies permissions in the default session and serves both protocols', () => {
    const session = fake.session.defaultSession;
    const callback = vi.fn();
    session.permissionRequestHandler?.({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(session.permissionCheckHandler?.({}, 'clipboard-read')).toBe(false);
    expect([...fake.protocol.handlers.keys()].sort()).toEqual(['app', 'ratio-attachment']);
  });

  it('serves the open catalogue’s attachments with their recorded type', async () => {
    const dir = path.join(fake.app.userData, 'catalogue', 'attachments');
    const sha = fs.readdirSync(dir).find((f) => /^[0-9a-f]{64}$/.test(f));
    const handler = fake.protocol.handlers.get('ratio-attachment');
    const response = await handler?.(new Request(`ratio-attachment://catalogue/${sha}`));
    expect(response?.status).toBe(200);
    expect(response?.headers.get('content-type')).toMatch(/^image\//);
  });
});

describe('the IPC registry', () => {
  it('has exactly one handler per contract operation and no other', () => {
    const expected = OPERATION_NAMES.map(ipcChannelFor).sort();
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(expected);
    expect([...fake.ipcMain.registrations].sort()).toEqual(expected);
    expect(fake.ipcMain.on).not.toHaveBeenCalled();
  });

  it('rejects messages from a foreign frame, window or origin', async () => {
    const main = window.webContents.mainFrame;
    expect(main.url).toBe('app://ratio/index.html');
    const other = new fake.FakeWebContents();
    other.mainFrame.url = 'app://ratio/index.html';
    const foreign: [string, Record<string, unknown>][] = [
      ['an iframe of our page', { senderFrame: fake.fakeFrame('app://ratio/index.html', main, main.processId) }],
      ['a frame that claims to be top but is another frame', { senderFrame: fake.fakeFrame('app://ratio/index.html', null, main.processId) }],
      ['another window', { sender: other, senderFrame: other.mainFrame }],
      ['our main frame on a web origin', { senderFrame: { ...main, url: 'https://evil.example/' } }],
      ['our main frame on a file page', { senderFrame: { ...main, url: 'file:///tmp/x.html' } }],
      ['our main frame on another app host', { senderFrame: { ...main, url: 'app://evil/index.html' } }],
      ['no frame (disposed)', { senderFrame: null }],
    ];
    for (const [what, event] of foreign) {
      await expect(invoke('catalogue.info', {}, event), what).rejects.toThrow(/did not come from Ratio's own window/);
    }
    // The same frame through another wrapper object is still ours.
    expect(await invoke('catalogue.info', {}, { senderFrame: { ...main } })).toMatchObject({ ok: true });
  });

  it('rejects a bad payload with INVALID_INPUT, parsed by the contract', async () => {
    for (const payload of [{ id: 7 }, { id: 'not-an-id' }, { id: '0190f3a1-0000-7000-8000-000000000000', extra: 1 }, 'text', [1, 2]]) {
      const outcome = await invoke('entries.get', payload);
      expect(outcome, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });
});

describe('commands to the renderer', () => {
  it('keeps commands until the page has loaded, then sends them (launch argv included)', () => {
    expect(commandsSent()).toEqual([]);
    window.webContents.emit('did-finish-load');
    const sent = commandsSent();
    expect(sent).toContainEqual({ type: 'open-bundle-file', path: bundle() });
    expect(sent).toContainEqual({ type: 'catalogue-changed', path: path.join(fake.app.userData, 'catalogue') });
  });

  it('delivers .ratio files from a second launch and from macOS open-file', () => {
    const before = commandsSent().length;
    fake.app.emit('second-instance', {}, ['ratio', '--flag', 'partner.ratio', 'notes.txt'], base);
    const openFile = { preventDefault: vi.fn() };
    fake.app.emit('open-file', openFile, bundle());
    expect(openFile.preventDefault).toHaveBeenCalled();
    expect(commandsSent().slice(before)).toEqual([
      { type: 'open-bundle-file', path: bundle() },
      { type: 'open-bundle-file', path: bundle() },
    ]);
  });

  it('has the File menu of the design, whose items reach the renderer as commands', async () => {
    const file = menuItem('File');
    const labels = (file.submenu ?? []).map((i) => i.label).filter(Boolean);
    expect(labels).toEqual(expect.arrayContaining(['New entry', 'Import bundle…', 'Export bundle…', 'Back up catalogue…', 'Open catalogue…', 'Open recent']));
    expect(((fake.Menu.template ?? []) as MenuItem[]).map((m) => m.label ?? m.role)).toEqual(['File', 'editMenu', 'View', 'windowMenu', 'help']);

    const before = commandsSent().length;
    menuItem('File', 'New entry').click?.();
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [bundle()] });
    menuItem('File', 'Import bundle…').click?.();
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: path.join(base, 'out') });
    menuItem('File', 'Export bundle…').click?.();
    await vi.waitFor(() => expect(commandsSent().length).toBe(before + 3));
    expect(commandsSent().slice(before)).toEqual([
      { type: 'new-entry' },
      { type: 'open-bundle-file', path: bundle() },
      { type: 'export-bundle', path: path.join(base, 'out.ratio') },
    ]);
    expect(menuItem('File', 'Open recent').submenu?.[0]?.label).toBe('userData/catalogue');
  });

  it('backs up through a save dialog and refuses to restore a file that is not a catalogue', async () => {
    const backup = path.join(base, 'backup.sqlite');
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: backup });
    fake.dialog.showMessageBox.mockClear();
    menuItem('File', 'Back up catalogue…').click?.();
    await vi.waitFor(() => expect(fake.dialog.showMessageBox).toHaveBeenCalled());
    expect(fs.statSync(backup).size).toBeGreaterThan(0);
    expect(JSON.stringify(fake.dialog.showMessageBox.mock.calls[0])).toContain('backed up');

    const junk = path.join(base, 'junk.sqlite');
    fs.writeFileSync(junk, 'no');
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [junk] });
    fake.dialog.showMessageBox.mockClear();
    fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false }); // "Restore"
    menuItem('File', 'Restore catalogue from backup…').click?.();
    await vi.waitFor(() => expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(2));
    expect(JSON.stringify(fake.dialog.showMessageBox.mock.calls[1])).toContain('not restored');
    expect(await invoke('catalogue.info', {})).toMatchObject({ ok: true });
  });
});
