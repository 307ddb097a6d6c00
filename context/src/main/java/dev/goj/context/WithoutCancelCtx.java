package dev.goj.context;

import dev.goj.chan.RecvChan;
import java.time.Instant;
import java.util.Optional;

/**
 * Go's withoutCancelCtx: its parent's values, but never cancelled and no deadline. It also hides
 * the parent's cancelCtx from lookups, so {@link Context#cause} of it (and of contexts derived only
 * through values from it) is null and children do not hook into the parent's cancellation.
 */
final class WithoutCancelCtx implements Context {
  final Context parent;

  private WithoutCancelCtx(Context parent) {
    this.parent = parent;
  }

  static Context withoutCancel(Context parent) {
    Contexts.requireParent(parent);
    return new WithoutCancelCtx(parent);
  }

  @Override
  public Optional<Instant> deadline() {
    return Optional.empty();
  }

  @Override
  public RecvChan<Void> done() {
    return EmptyCtx.NEVER;
  }

  @Override
  public RuntimeException err() {
    return null;
  }

  @Override
  public Object value(Object key) {
    return Contexts.value(this, key);
  }

  @Override
  public String toString() {
    return Contexts.contextName(parent) + ".WithoutCancel";
  }
}
