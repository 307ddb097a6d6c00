package dev.goj.context;

/**
 * The two errors a context reports from {@code err()}: Go's {@code Canceled} and
 * {@code DeadlineExceeded}. Each is one shared instance, compared by identity as Go compares the
 * error values, so it carries no stack trace and no suppressed exceptions (a shared exception must
 * not be mutated by whoever throws it).
 */
final class ContextError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean timeout;

  ContextError(String message, boolean timeout) {
    super(message, null, false, false);
    this.timeout = timeout;
  }

  /** Go's {@code Timeout() bool} on DeadlineExceeded (the net.Error convention): true only for it. */
  boolean timeout() {
    return timeout;
  }
}
