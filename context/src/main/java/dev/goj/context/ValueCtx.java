package dev.goj.context;

import dev.goj.chan.RecvChan;
import java.time.Instant;
import java.util.Optional;

/**
 * Go's valueCtx: one key bound to one value; everything else is its parent's. Immutable (all
 * fields final, the arrays never written after construction), so it is safe to share freely.
 *
 * <p>Go looks a key up by walking the chain one valueCtx at a time. On the JVM each step is a
 * dependent load, so a binding ten contexts up costs ten cache-latency steps. Here each valueCtx
 * also carries a <em>segment</em>: its own binding followed by up to {@link #SEGMENT}{@code - 1}
 * bindings copied from the valueCtx above it (looking through cancel and withoutCancel contexts,
 * which bind nothing), nearest first, and {@code rest}, the context a lookup continues with after
 * the segment. Each key's {@code hashCode} is taken once, when it is bound, and a segment of more
 * than {@link #SCAN} bindings gets a small open-addressing index on it, so a lookup costs about one
 * probe per segment instead of one pointer hop per binding. Keys still match only by
 * {@code equals} (the hash merely filters, so keys must honour the hashCode contract, as for a
 * HashMap); the nearest binding of a key wins (bindings enter the index nearest first, so along a
 * probe sequence the nearer of two equal keys comes first); and a context of another
 * implementation ends a segment, so its {@code value} is still asked in chain order. The price is
 * a copy of at most {@code SEGMENT} bindings per withValue (grpc-context copies a trie path for
 * the same end).
 */
final class ValueCtx implements Context {
  /** The most bindings one segment holds. */
  static final int SEGMENT = 16;
  /** Segments with at most this many bindings are scanned rather than indexed. */
  static final int SCAN = 4;

  final Context parent;
  /** key0, val0, key1, val1, ...: this context's binding first, then those above it, nearest first. */
  final Object[] kv;
  /** hashes[i]: the hashCode of key i, taken when it was bound. */
  private final int[] hashes;
  /** Null, or a power-of-two table of binding positions + 1 (0: empty), probed linearly from the hash. */
  private final byte[] index;
  /** Where a lookup goes after this segment: null when nothing above binds any key. */
  final Context rest;

  private ValueCtx(Context parent, Object[] kv, int[] hashes, Context rest) {
    this.parent = parent;
    this.kv = kv;
    this.hashes = hashes;
    this.index = hashes.length > SCAN ? buildIndex(hashes) : null;
    this.rest = rest;
  }

  /** Go's WithValue. Java keys are all comparable (equals), so only a null key is refused. */
  static Context withValue(Context parent, Object key, Object val) {
    Contexts.requireParent(parent);
    if (key == null) {
      throw new IllegalArgumentException("nil key");
    }
    int h = key.hashCode();
    Context q = Contexts.skipUnbound(parent);
    if (q instanceof ValueCtx p && p.hashes.length < SEGMENT) {
      int n = p.hashes.length;
      Object[] kv = new Object[2 * n + 2];
      kv[0] = key;
      kv[1] = val;
      System.arraycopy(p.kv, 0, kv, 2, 2 * n);
      int[] hashes = new int[n + 1];
      hashes[0] = h;
      System.arraycopy(p.hashes, 0, hashes, 1, n);
      return new ValueCtx(parent, kv, hashes, p.rest);
    }
    return new ValueCtx(parent, new Object[] {key, val}, new int[] {h}, q instanceof EmptyCtx ? null : q);
  }

  private static byte[] buildIndex(int[] hashes) {
    byte[] ix = new byte[Integer.highestOneBit(hashes.length * 2 - 1) << 1];
    int mask = ix.length - 1;
    for (int i = 0; i < hashes.length; i++) {
      int s = spread(hashes[i]) & mask;
      while (ix[s] != 0) {
        s = (s + 1) & mask;
      }
      ix[s] = (byte) (i + 1);
    }
    return ix;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  /** The position of the nearest binding in this segment of a key equal to {@code key}, or -1. */
  int find(Object key, int h) {
    int[] hs = hashes;
    Object[] kv = this.kv;
    byte[] ix = index;
    if (ix == null) {
      for (int i = 0; i < hs.length; i++) {
        if (hs[i] == h && matches(key, kv[2 * i])) {
          return i;
        }
      }
      return -1;
    }
    int mask = ix.length - 1;
    for (int s = spread(h) & mask; ; s = (s + 1) & mask) {
      int p = ix[s] - 1;
      if (p < 0) {
        return -1;
      }
      if (hs[p] == h && matches(key, kv[2 * p])) {
        return p;
      }
    }
  }

  /** Go's {@code key == ctx.key}, as equals; identity first, which spares the call for the usual constant key. */
  private static boolean matches(Object key, Object k) {
    return k == key || key.equals(k);
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
