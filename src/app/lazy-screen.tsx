/**
 * Lazy screens that fail to load (the server is out of reach before the chunk was ever fetched, or
 * a deploy replaced it) show an error with "Try again" instead of unmounting the whole app.
 * React.lazy keeps a rejected import forever, so a retry swaps in a fresh lazy component.
 */
import { t } from '../i18n/i18n.ts';
import { Component, lazy, type ComponentType, type ReactNode } from 'react';
import { errorText } from '../ui/error-text.ts';

/** The screen's code did not arrive; its `cause` is the browser's import error. */
export class ScreenLoadError extends Error {
  override readonly name = 'ScreenLoadError';
}

export interface LazyScreen<P> {
  readonly Screen: ComponentType<P>;
  /** Makes the next render import the code again. */
  readonly retry: () => void;
}

export function lazyScreen<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): LazyScreen<P> {
  const attempt = () =>
    lazy(() =>
      load().catch((cause: unknown) => {
        throw new ScreenLoadError('The screen could not be loaded.', { cause });
      }),
    );
  let Current = attempt();
  const Screen = (props: P) => <Current {...props} />;
  return {
    Screen,
    retry() {
      Current = attempt();
    },
  };
}

interface BoundaryProps {
  readonly children: ReactNode;
  readonly onRetry: () => void;
}

export class ScreenBoundary extends Component<BoundaryProps, { error: unknown }> {
  override state: { error: unknown } = { error: undefined };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    const retry = () => {
      this.props.onRetry();
      this.setState({ error: undefined });
    };
    return (
      <main className="detail">
        <h1 className="visually-hidden">Fieldbook</h1>
        <div className="error" role="alert">
          <p>{error instanceof ScreenLoadError ? t('This screen could not be loaded. Check your connection, then try again.') : errorText(error)}</p>
          <button type="button" onClick={retry}>
            {t('Try again')}
          </button>
        </div>
      </main>
    );
  }
}
