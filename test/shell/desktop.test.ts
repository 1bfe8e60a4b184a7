// The core process client (crash and restart) and the start-up dialogs, with stand-ins.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CoreEnvelope, CoreNotice, CoreReply, CoreRequestKind } from '../../electron/shell/core-messages.js';

vi.mock('electron', () => import('./fake-electron.js'));

const fake = await import('./fake-electron.js');
const { startCoreProcess } = await import('../../electron/shell/core-client.js');
const { Desktop } = await import('../../electron/shell/desktop.js');
const { describeOpenFailure } = await import('../../electron/shell/dialogs.js');
const { hardenWebContents } = await import('../../electron/shell/security.js');

beforeEach(() => {
  fake.utilityProcess.forked.length = 0;
  fake.dialog.showMessageBox.mockReset();
  fake.dialog.showMessageBox.mockResolvedValue({ response: 1, checkboxChecked: false });
});

describe('the core process client', () => {
  it('fails waiting requests when the process dies, and reopens the catalogue in a new one', async () => {
    const seen: CoreEnvelope[][] = [];
    fake.utilityProcess.onFork = (child) => {
      const mine: CoreEnvelope[] = [];
      seen.push(mine);
      child.onMessage = (message) => {
        const envelope = message as CoreEnvelope;
        mine.push(envelope);
        if (envelope.message.kind === 'open') {
          const reply: CoreReply<'open'> = { ok: true, value: { dir: '/c', attachmentsDir: '/c/attachments', created: false } };
          queueMicrotask(() => child.emit('message', { kind: 'reply', id: envelope.id, reply } satisfies CoreNotice));
        }
        // 'call' is never answered: the process "crashes" while it waits.
      };
    };
    const client = startCoreProcess({
      modulePath: '/x/core-process.mjs',
      settings: { resourcesDir: null, nativeBinding: null, actor: null },
      onProgress: () => undefined,
    });
    expect((await client.request({ kind: 'open', dir: '/c', create: true })).ok).toBe(true);
    const waiting = client.call('catalogue.info', {});
    fake.utilityProcess.forked[0]?.emit('exit', 9);
    expect(await waiting).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('stopped') } });

    void client.call('catalogue.info', {});
    expect(fake.utilityProcess.forked).toHaveLength(2);
    expect(seen[1]?.map((e) => e.message.kind)).toEqual(['open', 'call']);
    expect(seen[0]?.map((e) => e.message.kind)).toEqual(['open', 'call']);
    client.stop();
  });
});

describe('opening the catalogue at start-up', () => {
  const coreAnswering = (answer: (dir: string, create: boolean) => CoreReply<'open'>) => ({
    request: vi.fn((message: { kind: CoreRequestKind; dir?: string; create?: boolean }) =>
      Promise.resolve(message.kind === 'open' ? answer(message.dir ?? '', message.create ?? false) : { ok: true, value: null }),
    ),
    call: vi.fn(),
    stop: vi.fn(),
  });
  const settings = () => ({ recent: [] as string[], remember: vi.fn(), clear: vi.fn() });

  it('explains a catalogue it cannot open and quits when asked to', async () => {
    for (const code of ['NOT_A_CATALOGUE', 'CATALOGUE_NEWER', 'CATALOGUE_UNWRITABLE'] as const) {
      fake.dialog.showMessageBox.mockClear();
      const core = coreAnswering(() => ({ ok: false, error: { code, message: `${code} sentence` } }));
      const desktop = new Desktop({
        core: core as never,
        settings: settings() as never,
        defaultCatalogueDir: '/home/u/.config/Ratio/catalogue',
        development: false,
        openWindow: vi.fn(),
      });
      expect(await desktop.openAtStart(null)).toBe(false);
      const options = fake.dialog.showMessageBox.mock.calls[0]?.[0] as { message: string; detail: string; buttons: string[]; type: string };
      expect(options.type).toBe('error');
      expect(options.message).toBe(describeOpenFailure('/x', { code, message: '' }).message);
      expect(options.detail).toContain(`${code} sentence`);
      expect(options.buttons).toEqual(['Open another catalogue…', 'Quit']);
    }
  });

  it('falls back to the default catalogue when the last one has gone', async () => {
    const core = coreAnswering((dir, create) =>
      dir === '/media/usb/catalogue'
        ? { ok: false, error: { code: 'CATALOGUE_MISSING', message: 'gone' } }
        : { ok: true, value: { dir, attachmentsDir: `${dir}/attachments`, created: create } },
    );
    const s = settings();
    s.recent = ['/media/usb/catalogue'];
    const desktop = new Desktop({
      core: core as never,
      settings: s as never,
      defaultCatalogueDir: '/home/u/.config/Ratio/catalogue',
      development: false,
      openWindow: vi.fn(),
    });
    expect(await desktop.openAtStart(null)).toBe(true);
    expect(desktop.openAttachmentsDir).toBe('/home/u/.config/Ratio/catalogue/attachments');
    expect(fake.dialog.showMessageBox).not.toHaveBeenCalled();
    // It was created: the demo is offered (declined here), once.
    await desktop.offerDemoIfNew();
    await desktop.offerDemoIfNew();
    expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect(core.call).not.toHaveBeenCalled();
  });
});

describe('hardening', () => {
  it('is applied once per web contents, so a link never opens twice', () => {
    fake.shell.openExternal.mockClear();
    const contents = new fake.FakeWebContents();
    hardenWebContents(contents as never);
    hardenWebContents(contents as never);
    contents.emit('will-navigate', { preventDefault: vi.fn() }, 'https://example.org/');
    expect(fake.shell.openExternal).toHaveBeenCalledTimes(1);
  });
});

describe('the Electron build of better-sqlite3, as main checks it before starting', () => {
  it('is missing, made for another Electron or platform, or fits', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { electronAddonProblem } = await import('../../electron/shell/native.js');
    const { describeAddonProblem } = await import('../../electron/shell/dialogs.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-addon-'));
    try {
      const addon = path.join(dir, 'better_sqlite3.node');
      const running = { electron: '45.5.0', platform: 'linux', arch: 'x64' };
      expect(electronAddonProblem(addon, running)).toBe(`${addon} is missing`);
      fs.writeFileSync(addon, 'built');
      // A build without a record is left to the load (a wrong ABI then fails as NATIVE_MODULE).
      expect(electronAddonProblem(addon, running)).toBeNull();
      const record = (fields: object) =>
        fs.writeFileSync(
          path.join(dir, 'built-for.json'),
          JSON.stringify({ electron: '45.5.0', abi: '150', betterSqlite3: '12.11.1', platform: 'linux', arch: 'x64', ...fields }),
        );
      record({});
      expect(electronAddonProblem(addon, running)).toBeNull();
      record({ electron: '44.0.0', arch: 'arm64' });
      const problem = electronAddonProblem(addon, running);
      expect(problem).toContain('electron 44.0.0, this is 45.5.0');
      expect(problem).toContain('arch arm64, this is x64');
      expect(describeAddonProblem(problem ?? '', true)).toContain('"npm start"');
      expect(describeAddonProblem(problem ?? '', false)).toContain('reinstall Ratio');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains NATIVE_MODULE by the module, when it comes up while switching catalogues', () => {
    expect(describeOpenFailure('/x', { code: 'NATIVE_MODULE', message: 'cannot load' })).toEqual({
      message: "Ratio's database module cannot be loaded.",
      detail: 'cannot load',
    });
  });
});

describe('names of attachment copies', () => {
  it('keep letters and digits of any script, drop paths, control and shell characters, and are never hidden or reserved', async () => {
    const { safeStem, attachmentSha } = await import('../../electron/shell/attachments.js');
    expect(safeStem('Отчёт о внедрении.pdf')).toBe('Отчёт о внедрении');
    expect(safeStem('报告.txt')).toBe('报告');
    expect(safeStem('.bashrc')).toBe('attachment');
    expect(safeStem('a/../../b;rm -rf $HOME.pdf')).toBe('a_.._.._b_rm -rf _HOME');
    expect(safeStem('CON.txt')).toBe('_CON');
    expect(safeStem('x'.repeat(300) + '.pdf')).toHaveLength(100);
    expect(safeStem(null)).toBe('attachment');
    expect(attachmentSha(`ratio-attachment://catalogue/${'a'.repeat(64)}`)).toBe('a'.repeat(64));
    expect(attachmentSha(`ratio-attachment://elsewhere/${'a'.repeat(64)}`)).toBeNull();
    expect(attachmentSha('https://example.org/')).toBeNull();
  });
});
