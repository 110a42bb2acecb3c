/**
 * Events and disposables shaped like VS Code's (`vscode.Event`, `vscode.Disposable`), so the
 * protocol core needs no `vscode` import and `src/extension` can pass core events straight through.
 */
export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (e: T) => unknown) => Disposable;

let listenerErrorReporter: (error: unknown) => void = () => undefined;

/**
 * Where a listener's exception goes (the composition root points it at the logger, at warn): a
 * throwing listener is a bug, and it must show up in the log instead of vanishing.
 */
export function setListenerErrorReporter(report: (error: unknown) => void): Disposable {
  const previous = listenerErrorReporter;
  listenerErrorReporter = report;
  return { dispose: () => { if (listenerErrorReporter === report) listenerErrorReporter = previous; } };
}

/** One small emitter per observable. A throwing listener never stops the others; its exception is reported. */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(e: T) => unknown>();
  private disposed = false;

  constructor(private readonly onListenerError: (error: unknown) => void = (error) => listenerErrorReporter(error)) {}

  readonly event: Event<T> = (listener) => {
    if (this.disposed) return { dispose: () => undefined };
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}

/** Owns disposables; anything added after dispose() is disposed at once. */
export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.add(item);
    return item;
  }

  delete(item: Disposable): void {
    if (this.items.delete(item)) item.dispose();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    this.disposed = true;
    const items = [...this.items].reverse();
    this.items.clear();
    for (const item of items) item.dispose();
  }
}

export function toDisposable(fn: () => void): Disposable {
  let done = false;
  return { dispose: () => { if (!done) { done = true; fn(); } } };
}

/** A timer that is a Disposable (so it can live in a DisposableStore). */
export function disposableTimeout(fn: () => void, ms: number): Disposable {
  const handle = setTimeout(fn, ms);
  return toDisposable(() => clearTimeout(handle));
}

export function disposableInterval(fn: () => void, ms: number): Disposable {
  const handle = setInterval(fn, ms);
  return toDisposable(() => clearInterval(handle));
}
