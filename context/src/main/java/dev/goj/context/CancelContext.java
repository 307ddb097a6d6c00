package dev.goj.context;

/**
 * A context with its own cancel function (Go's {@code ctx, cancel := context.WithCancel(parent)}).
 * {@code try (var ctx = Context.withTimeout(parent, d)) { ... }} is the Java form of
 * {@code defer cancel()}.
 */
public interface CancelContext extends Context, AutoCloseable {
  /**
   * Go's CancelFunc: cancels this context and its descendants with {@link Context#CANCELED},
   * unlinks it from its parent and stops its timer. Later calls do nothing.
   */
  void cancel();

  /** Same as {@link #cancel()}; declares no checked exception. */
  @Override
  void close();
}
