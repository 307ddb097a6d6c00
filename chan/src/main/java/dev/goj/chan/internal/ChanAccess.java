package dev.goj.chan.internal;

import dev.goj.chan.Chan;
import dev.goj.runtime.internal.RuntimeTimer;
import java.util.function.Function;

/**
 * The few channel operations that {@code dev.goj.time} needs and users must not see: making a
 * synchronous timer channel with its timer, the timer's non-blocking send, and the drain that stop/reset do
 * (Go's runtime reaches these through linkname). This package is not exported, so the hook is
 * visible only inside the module (the JDK's SharedSecrets pattern); {@link Chan} installs it when
 * it is initialized.
 */
public abstract class ChanAccess {
  private static volatile ChanAccess instance;

  /** Installs the implementation; called once, from Chan's static initializer. */
  public static void set(ChanAccess access) {
    instance = access;
  }

  /** The implementation, initializing Chan first if nothing has yet. */
  public static ChanAccess get() {
    ChanAccess a = instance;
    if (a == null) {
      Chan.nil(); // runs Chan's static initializer, which calls set
      a = instance;
    }
    return a;
  }

  /**
   * A Go 1.23 synchronous timer channel: a one-slot buffer whose len and cap read as 0, and whose
   * timer {@code timerFor} makes (given the channel, which its functions send on and drain).
   */
  public abstract <E> Chan<E> makeTimerChan(Function<Chan<E>, RuntimeTimer> timerFor);

  /** The timer of a channel made by {@link #makeTimerChan}. */
  public abstract RuntimeTimer timer(Chan<?> c);

  /** A non-blocking send (Go's select with default): whether {@code v} was sent. */
  public abstract <E> boolean trySend(Chan<E> c, E v);

  /** Empties the channel's buffer: whether it held anything (Go's timerchandrain). */
  public abstract boolean drain(Chan<?> c);
}
