import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RenderRequest, WorkerReply } from '../../renderer/src/markdown/protocol.js';
import { markdownToHtml } from '../../renderer/src/markdown/to-html.js';
import { MAIN_THREAD_LIMIT, MAX_HTML_CHARS, MarkdownRenderer, RENDER_BUDGET_MS, type WorkerLike } from '../../renderer/src/markdown/worker-client.js';

type Behaviour = 'answers' | 'hangs' | 'fails' | 'cannot-start';

/** A worker on fake timers: starts after `startMs`, then answers, hangs or fails as told. */
class FakeWorker implements WorkerLike {
  readonly received: RenderRequest[] = [];
  terminated = false;
  private readonly onMessage: ((event: { data: WorkerReply }) => void)[] = [];
  private readonly onError: ((event: { preventDefault(): void }) => void)[] = [];
  private started = false;

  constructor(
    private readonly behaviour: Behaviour,
    startMs: number,
    private readonly answerMs = 10,
  ) {
    setTimeout(() => {
      if (this.terminated) return;
      if (behaviour === 'cannot-start') {
        for (const listener of this.onError) listener({ preventDefault: () => undefined });
        return;
      }
      this.started = true;
      this.emit({ type: 'ready' });
      for (const request of this.received) this.handle(request);
    }, startMs);
  }

  postMessage(message: RenderRequest): void {
    this.received.push(message);
    if (this.started) this.handle(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  addEventListener(type: 'message' | 'error', listener: never): void {
    if (type === 'message') this.onMessage.push(listener);
    else this.onError.push(listener);
  }

  private handle(request: RenderRequest): void {
    if (this.behaviour === 'hangs') return;
    setTimeout(() => {
      if (this.terminated) return;
      if (this.behaviour === 'fails') this.emit({ type: 'failed', id: request.id, message: 'Maximum call stack size exceeded' });
      else this.emit({ type: 'html', id: request.id, html: markdownToHtml(request) });
    }, this.answerMs);
  }

  private emit(reply: WorkerReply): void {
    for (const listener of this.onMessage) listener({ data: reply });
  }
}

const NONE = new Map<string, string>();
const body = (source: string): { source: string; attachments: Map<string, string> } => ({ source, attachments: NONE });

describe('the Markdown worker client', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function rendererWith(...behaviours: Behaviour[]): { renderer: MarkdownRenderer; workers: FakeWorker[] } {
    const workers: FakeWorker[] = [];
    const renderer = new MarkdownRenderer(() => {
      const worker = new FakeWorker(behaviours[Math.min(workers.length, behaviours.length - 1)] as Behaviour, 20);
      workers.push(worker);
      return worker;
    });
    return { renderer, workers };
  }

  it('formats in the worker', async () => {
    const { renderer, workers } = rendererWith('answers');
    const outcome = renderer.render(body('*hello*'));
    await vi.advanceTimersByTimeAsync(100);
    expect(await outcome).toEqual({ kind: 'html', html: '<p><em>hello</em></p>\n' });
    expect(workers).toHaveLength(1);
  });

  it('gives up on a body after its budget, terminates that worker, and the next body gets a fresh one', async () => {
    const { renderer, workers } = rendererWith('hangs', 'answers');
    const frozen = renderer.render(body('_a*'.repeat(20_000)));
    const next = renderer.render(body('next'));
    let settled = false;
    void frozen.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(20 + RENDER_BUDGET_MS - 5);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(10);
    expect(await frozen).toEqual({ kind: 'text', reason: 'slow' });
    expect(workers[0]?.terminated).toBe(true);
    // The replacement started at once; the body queued behind the frozen one was never sent to it.
    expect(workers).toHaveLength(2);
    expect(workers[0]?.received.map((r) => r.source)).toEqual(['_a*'.repeat(20_000)]);
    await vi.advanceTimersByTimeAsync(100);
    expect(await next).toEqual({ kind: 'html', html: '<p>next</p>\n' });
  });

  it('drops bodies nobody waits for any more, so they do not pile up behind a slow one', async () => {
    const { renderer, workers } = rendererWith('hangs', 'answers');
    void renderer.render(body('stuck'));
    const controllers = Array.from({ length: 20 }, () => new AbortController());
    controllers.forEach((c, i) => void renderer.render(body(`typed ${i}`), c.signal));
    for (const c of controllers) c.abort();
    const latest = renderer.render(body('latest'));
    await vi.advanceTimersByTimeAsync(20 + RENDER_BUDGET_MS + 100);
    expect(await latest).toEqual({ kind: 'html', html: '<p>latest</p>\n' });
    expect(workers.flatMap((w) => w.received.map((r) => r.source))).toEqual(['stuck', 'latest']);
  });

  it('counts the budget from when the worker is up, not from a slow start', async () => {
    const renderer = new MarkdownRenderer(() => new FakeWorker('answers', 3000, RENDER_BUDGET_MS - 50));
    const outcome = renderer.render(body('slow start'));
    await vi.advanceTimersByTimeAsync(3000 + RENDER_BUDGET_MS);
    expect(await outcome).toEqual({ kind: 'html', html: '<p>slow start</p>\n' });
  });

  it('shows a body the worker could not parse as written', async () => {
    const { renderer } = rendererWith('fails');
    const outcome = renderer.render(body('**'.repeat(5000)));
    await vi.advanceTimersByTimeAsync(100);
    expect(await outcome).toEqual({ kind: 'text', reason: 'failed' });
  });

  it('shows as written HTML too long to sanitise and lay out quickly', async () => {
    const { renderer } = rendererWith('answers');
    const outcome = renderer.render(body('*a* '.repeat(MAX_HTML_CHARS / 8)));
    await vi.advanceTimersByTimeAsync(1000);
    expect(await outcome).toEqual({ kind: 'text', reason: 'large' });
  });

  it('does without a worker that cannot start: short bodies here, long ones as written', async () => {
    for (const renderer of [
      new MarkdownRenderer(() => {
        throw new Error('refused by the content security policy');
      }),
      rendererWith('cannot-start').renderer,
    ]) {
      const short = renderer.render(body('>'.repeat(2000)));
      const long = renderer.render(body('x'.repeat(MAIN_THREAD_LIMIT + 1)));
      await vi.advanceTimersByTimeAsync(100);
      const outcome = await short;
      expect(outcome.kind).toBe('html');
      expect(await long).toEqual({ kind: 'text', reason: 'large' });
      // And from then on, without asking for a worker again.
      expect(await renderer.render(body('after'))).toEqual({ kind: 'html', html: '<p>after</p>\n' });
    }
  });
});
