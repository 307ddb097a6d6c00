package dev.goj.context;

/** A context from {@link Context#withCancelCause}: its cancel function takes a cause (Go's CancelCauseFunc). */
public interface CancelCauseContext extends CancelContext {
  /**
   * Cancels with {@link Context#CANCELED} as {@code err()} and {@code cause} as
   * {@link Context#cause}; a null cause means {@code CANCELED}. Only the first cancel counts.
   */
  void cancel(Throwable cause);
}
