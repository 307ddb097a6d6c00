package dev.goj.context;

import dev.goj.chan.RecvChan;
import java.time.Instant;
import java.util.Optional;

/**
 * Go's valueCtx: one key bound to one value; everything else is its parent's. Immutable, so it is
 * safe to share without synchronization (all fields final).
 */
final class ValueCtx implements Context {
  final Context parent;
  final Object key;
  final Object val;

  private ValueCtx(Context parent, Object key, Object val) {
    this.parent = parent;
    this.key = key;
    this.val = val;
  }

  /** Go's WithValue. Java keys are all comparable (equals), so only a null key is refused. */
  static Context withValue(Context parent, Object key, Object val) {
    Contexts.requireParent(parent);
    if (key == null) {
      throw new IllegalArgumentException("nil key");
    }
    return new ValueCtx(parent, key, val);
  }

  @Override
  public Optional<Instant> deadline() {
    return parent.deadline();
  }

  @Override
  public RecvChan<Void> done() {
    return parent.done();
  }

  @Override
  public RuntimeException err() {
    return parent.err();
  }

  @Override
  public Object value(Object key) {
    return Contexts.value(this, key);
  }

  @Override
  public String toString() {
    return Contexts.contextName(parent) + ".WithValue(" + Contexts.stringify(key) + ", "
        + Contexts.stringify(val) + ")";
  }
}
