import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../app/router.js';
import { AsWritten } from './AsWritten.js';

interface Props {
  fallback: (error: Error, reset: () => void) => ReactNode;
  /** When this changes (another screen, another text), the children are tried again. */
  resetKey?: unknown;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/**
 * One bad entry must never take the app down: whatever throws while a screen or a body is
 * drawn is caught here and replaced by its fallback; the rest of the page keeps working.
 * (React reports the error to the console itself.)
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidUpdate(previous: Props): void {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  private readonly reset = (): void => this.setState({ error: null });

  override render(): ReactNode {
    return this.state.error ? this.props.fallback(this.state.error, this.reset) : this.props.children;
  }
}

/** Instead of a screen that failed: what happened, a retry, and the way back. */
export function ScreenFailed({ error, onRetry }: { error: Error; onRetry: () => void }): ReactNode {
  const { t } = useTranslation();
  return (
    <div className="error" role="alert" data-boundary="screen">
      <p>
        <strong>{t('render.screenFailed')}</strong>
      </p>
      <p>
        <button type="button" onClick={onRetry}>
          {t('app.retry')}
        </button>{' '}
        <button type="button" onClick={() => navigate({ screen: 'library' })}>
          {t('render.toLibrary')}
        </button>
      </p>
      <details>
        <summary>{t('render.details')}</summary>
        <p className="mono">{error.message}</p>
      </details>
    </div>
  );
}

/** Instead of a body that failed: a short note and the text as written. */
export function BodyFailed({ source }: { source: string }): ReactNode {
  const { t } = useTranslation();
  return (
    <div data-boundary="body">
      <p className="notice" role="status">
        {t('render.bodyFailed')}
      </p>
      <AsWritten text={source} />
    </div>
  );
}

/** Instead of the whole window, when even the frame around the screens failed. */
export function AppFailed({ error }: { error: Error }): ReactNode {
  const { t } = useTranslation();
  return (
    <div className="error" role="alert" data-boundary="app">
      <p>
        <strong>{t('render.appFailed')}</strong>
      </p>
      <button type="button" onClick={() => window.location.reload()}>
        {t('render.reload')}
      </button>
      <p className="mono">{error.message}</p>
    </div>
  );
}
