package dev.goj.context;

import dev.goj.chan.RecvChan;
import java.time.Instant;
import java.util.Optional;

/**
 * Go's valueCtx: one key bound to one value; everything else is its parent's. Immutable (all
 * fields final, the array never written after construction), so it is safe to share freely.
 *
 * <p>Go looks a key up by walking the chain one valueCtx at a time. On the JVM each step is a
 * dependent load, so a binding ten contexts up costs ten cache-latency steps. Here each valueCtx
 * also carries a <em>segment</em>: its own binding followed by up to {@link #SEGMENT}{@code - 1}
 * bindings copied from the valueCtx above it (looking through cancel and withoutCancel contexts,
 * which bind nothing), nearest first, and {@code rest}, the context a lookup continues with after
 * the segment. A lookup scans one small array per segment instead of chasing one pointer per
 * binding; the nearest binding of a key still wins, and a context of another implementation ends a
 * segment, so its {@code value} is still asked in chain order. The price is a copy of at most
 * {@code 2 * SEGMENT} references per withValue (grpc-context copies a trie path for the same end).
 */
final class ValueCtx implements Context {
  /** The most bindings one segment holds. */
  static final int SEGMENT = 16;

  final Context parent;
  /** key0, val0, key1, val1, ...: this context's binding first, then those above it, nearest first. */
  final Object[] kv;
  /** Where a lookup goes after this segment: null when nothing above binds any key. */
  final Context rest;

  private ValueCtx(Context parent, Object[] kv, Context rest) {
    this.parent = parent;
    this.kv = kv;
    this.rest = rest;
  }

  /** Go's WithValue. Java keys are all comparable (equals), so only a null key is refused. */
  static Context withValue(Context parent, Object key, Object val) {
    Contexts.requireParent(parent);
    if (key == null) {
      throw new IllegalArgumentException("nil key");
    }
    Context q = Contexts.skipUnbound(parent);
    if (q instanceof ValueCtx p && p.kv.length < 2 * SEGMENT) {
      Object[] kv = new Object[p.kv.length + 2];
      kv[0] = key;
      kv[1] = val;
      System.arraycopy(p.kv, 0, kv, 2, p.kv.length);
      return new ValueCtx(parent, kv, p.rest);
    }
    return new ValueCtx(parent, new Object[] {key, val}, q instanceof EmptyCtx ? null : q);
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
    return Contexts.contextName(parent) + ".WithValue(" + Contexts.stringify(kv[0]) + ", "
        + Contexts.stringify(kv[1]) + ")";
  }
}
