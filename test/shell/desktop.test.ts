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
    const client = startCoreProcess({ modulePath: '/x/core-process.mjs', settings: { resourcesDir: null, nativeBinding: null, actor: null }, onProgress: () => undefined });
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
      const desktop = new Desktop({ core: core as never, settings: settings() as never, defaultCatalogueDir: '/home/u/.config/Ratio/catalogue', development: false });
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
    const desktop = new Desktop({ core: core as never, settings: s as never, defaultCatalogueDir: '/home/u/.config/Ratio/catalogue', development: false });
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
