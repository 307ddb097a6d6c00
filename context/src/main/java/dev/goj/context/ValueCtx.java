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
 * than {@link #SCAN} bindings also gets a small open-addressing table of its pairs, so a lookup
 * costs about one probe per segment instead of one pointer hop per binding. Keys still match only
 * by {@code equals} (the hash only picks where to look, so keys must honour the hashCode contract,
 * as for a HashMap); the nearest binding of a key wins (bindings enter the table nearest first, so
 * along a probe sequence the nearer of two equal keys comes first); and a context of another
 * implementation ends a segment, so its {@code value} is still asked in chain order. The price is
 * a copy of at most {@code SEGMENT} bindings, and a table of at most {@code 4 * SEGMENT}
 * references, per withValue (grpc-context copies a trie path for the same end).
 */
final class ValueCtx implements Context {
  /** The most bindings one segment holds. */
  static final int SEGMENT = 16;
  /** Segments with at most this many bindings are scanned rather than hashed. */
  static final int SCAN = 4;
  /** What {@link #lookup} returns when the segment has no binding for the key. */
  static final Object ABSENT = new Object();

  final Context parent;
  /** key0, val0, key1, val1, ...: this context's binding first, then those above it, nearest first. */
  final Object[] kv;
  /** hashes[i]: the hashCode of key i, taken when it was bound (kept for the segments below). */
  private final int[] hashes;
  /**
   * Null for a short segment; else an open-addressing table of key, value pairs (power-of-two
   * slots, linear probing from the spread hash), filled nearest binding first.
   */
  private final Object[] table;
  /** Where a lookup goes after this segment: null when nothing above binds any key. */
  final Context rest;

  private ValueCtx(Context parent, Object[] kv, int[] hashes, Context rest) {
    this.parent = parent;
    this.kv = kv;
    this.hashes = hashes;
    this.table = hashes.length > SCAN ? buildTable(kv, hashes) : null;
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

  private static Object[] buildTable(Object[] kv, int[] hashes) {
    int slots = Integer.highestOneBit(hashes.length * 2 - 1) << 1;
    Object[] t = new Object[2 * slots];
    int mask = slots - 1;
    for (int i = 0; i < hashes.length; i++) {
      int s = spread(hashes[i]) & mask;
      while (t[2 * s] != null) {
        s = (s + 1) & mask;
      }
      t[2 * s] = kv[2 * i];
      t[2 * s + 1] = kv[2 * i + 1];
    }
    return t;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  /**
   * The value of the nearest binding in this segment of a key equal to {@code key} (whose hashCode
   * is {@code h}), or {@link #ABSENT}. Equal keys hash alike, so they share a probe sequence, along
   * which the nearer binding was placed first.
   */
  Object lookup(Object key, int h) {
    Object[] t = table;
    if (t == null) {
      Object[] kv = this.kv;
      for (int i = 0; i < kv.length; i += 2) {
        if (matches(key, kv[i])) {
          return kv[i + 1];
        }
      }
      return ABSENT;
    }
    int mask = (t.length >> 1) - 1;
    for (int s = spread(h) & mask; ; s = (s + 1) & mask) {
      Object k = t[2 * s];
      if (k == null) {
        return ABSENT;
      }
      if (matches(key, k)) {
        return t[2 * s + 1];
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
