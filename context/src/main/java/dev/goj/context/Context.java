package dev.goj.context;

import dev.goj.chan.RecvChan;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Go's {@code context.Context}: a deadline, a cancellation signal and request-scoped values carried
 * across API boundaries and goroutines (context/context.go). All methods may be called from any
 * number of threads at once.
 *
 * <p>Derived contexts form a tree: cancelling a context cancels every context derived from it, with
 * the same error and cause; a context whose cancel runs is unlinked from its parent. Contexts from
 * other implementations of this interface are supported as parents: a child finds a goj context
 * behind one through {@link #value} (so wrappers should delegate it), is hooked through
 * {@link AfterFuncer} when the parent implements it, and is otherwise watched by a goroutine. Such a
 * parent's {@link #done()} must be a channel made by {@code dev.goj.chan.Chan}, or null or the nil
 * channel when it can never be cancelled.
 */
public interface Context {
  /** The time at which this context will be cancelled, or empty when it has no deadline. */
  Optional<Instant> deadline();

  /**
   * A channel that is closed when this context is cancelled; it never closes for a context that
   * cannot be cancelled (background, todo, withoutCancel and values above them). Never null;
   * successive calls return the same channel.
   */
  RecvChan<Void> done();

  /** Null while {@link #done()} is open; then exactly {@link #CANCELED} or {@link #DEADLINE_EXCEEDED}. */
  RuntimeException err();

  /**
   * The value bound to {@code key} nearest this context, or null. Keys compare with {@code equals}
   * and, as for HashMap keys, need a {@code hashCode} consistent with it.
   */
  Object value(Object key);

  /** Go's {@code context.Canceled}: the error of a context that was cancelled. */
  RuntimeException CANCELED = new ContextError("context canceled", false);

  /** Go's {@code context.DeadlineExceeded}: the error of a context whose deadline passed. */
  RuntimeException DEADLINE_EXCEEDED = new ContextError("context deadline exceeded", true);

  /** The root of every context tree: never cancelled, no deadline, no values. */
  static Context background() {
    return EmptyCtx.BACKGROUND;
  }

  /** Like {@link #background()}, for code that does not yet know which context to use. */
  static Context todo() {
    return EmptyCtx.PLACEHOLDER_CTX;
  }

  /** A child that is cancelled by its {@code cancel()} or when {@code parent} is, whichever comes first. */
  static CancelContext withCancel(Context parent) {
    return CancelCtx.withCancel(parent);
  }

  /** Like {@link #withCancel}, but its cancel function records a cause (see {@link #cause}). */
  static CancelCauseContext withCancelCause(Context parent) {
    return CancelCtx.withCancel(parent);
  }

  /**
   * A child that is also cancelled, with {@link #DEADLINE_EXCEEDED}, at {@code d}. A deadline not
   * before the parent's gives a plain {@link #withCancel} child (the parent expires first); one
   * already past is expired when this returns.
   */
  static CancelContext withDeadline(Context parent, Instant d) {
    return TimerCtx.withDeadline(parent, d, null);
  }

  /** {@link #withDeadline} at now + {@code d}; {@code d <= 0} is expired when this returns. */
  static CancelContext withTimeout(Context parent, Duration d) {
    return TimerCtx.withTimeout(parent, d, null);
  }

  /** Like {@link #withDeadline}, with {@code cause} as the cause when the deadline passes. */
  static CancelContext withDeadlineCause(Context parent, Instant d, Throwable cause) {
    return TimerCtx.withDeadline(parent, d, cause);
  }

  /** Like {@link #withTimeout}, with {@code cause} as the cause when the timeout passes. */
  static CancelContext withTimeoutCause(Context parent, Duration d, Throwable cause) {
    return TimerCtx.withTimeout(parent, d, cause);
  }

  /** A child in which {@code key} is bound to {@code val}. A null key is rejected ("nil key"). */
  static Context withValue(Context parent, Object key, Object val) {
    return ValueCtx.withValue(parent, key, val);
  }

  /**
   * A child that keeps {@code parent}'s values but is never cancelled: no deadline, a done channel
   * that never closes, a null {@code err()} and a null cause.
   */
  static Context withoutCancel(Context parent) {
    return WithoutCancelCtx.withoutCancel(parent);
  }

  /**
   * Why {@code c} was cancelled: the cause given to the first cancel of the nearest cancellable
   * context it derives from (that context's {@code err()} when none was given), null while it is
   * not cancelled. For a context of another implementation with no goj context behind it,
   * {@code c.err()}.
   */
  static Throwable cause(Context c) {
    return CancelCtx.cause(c);
  }

  /**
   * Arranges for {@code f} to run in its own goroutine once {@code c} is done (at once if it already
   * is). The returned stop function unregisters {@code f}: it returns true if that kept {@code f}
   * from being started, false if {@code f} has been started or was already stopped.
   */
  static BooleanSupplier afterFunc(Context c, Runnable f) {
    return AfterFuncCtx.afterFunc(c, f);
  }
}
