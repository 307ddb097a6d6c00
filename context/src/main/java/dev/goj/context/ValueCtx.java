package dev.goj.context;

import dev.goj.chan.RecvChan;
import java.time.Instant;
import java.util.Arrays;
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
 * costs about one probe per segment instead of one pointer hop per binding. The table's slot is
 * the top bits of {@code hashCode * mul}, with {@code mul} picked when the table is built from a
 * fixed list of odd multipliers as the first that puts every distinct hash in a slot of its own
 * (or, failing that, the one with the shortest probes): a lookup then finds its key at the first
 * probe whatever the hashes happen to be (with one fixed multiplier, identity hashes are random
 * per run and a colliding key cost an extra probe in some runs and not others). Keys still match
 * only by {@code equals} (the hash only picks where to look, so keys must honour the hashCode
 * contract, as for a HashMap); the nearest binding of a key wins (bindings enter the table nearest
 * first, so along a probe sequence the nearer of two equal keys comes first); and a context of another
 * implementation ends a segment, so its {@code value} is still asked in chain order. The price is
 * a copy of at most {@code SEGMENT} bindings, and a table of at most {@code 8 * SEGMENT}
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
   * Null for a short segment; else an open-addressing table of key, value pairs (a power of two
   * of at least four slots per binding, linear probing), filled nearest binding first.
   */
  private final Object[] table;
  /** The table's hash multiplier (odd); unused without a table. */
  private final int mul;
  /** 32 minus log2 of the table's slot count: {@code (h * mul) >>> shift} is a slot. */
  private final int shift;
  /** Where a lookup goes after this segment: null when nothing above binds any key. */
  final Context rest;

  private ValueCtx(Context parent, Object[] kv, int[] hashes, Context rest) {
    this.parent = parent;
    this.kv = kv;
    this.hashes = hashes;
    if (hashes.length > SCAN) {
      int slots = Integer.highestOneBit(4 * hashes.length - 1) << 1;
      this.shift = Integer.numberOfLeadingZeros(slots) + 1;
      this.mul = pickMultiplier(hashes, slots, shift);
      this.table = buildTable(kv, hashes, slots, mul, shift);
    } else {
      this.table = null;
      this.mul = 0;
      this.shift = 0;
    }
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

  /**
   * Odd multipliers tried in turn (golden ratio, Murmur3, xxHash, hash-prospector and other mixing
   * constants). An odd multiplier keeps distinct hashes distinct; with four slots a binding, ten
   * keys find a collision-free multiplier in the first two tries on average and sixteen keys in
   * nine of ten tables; the rest keep the shortest probes found.
   */
  private static final int[] MULTIPLIERS = {
    0x9E3779B9, 0x85EBCA6B, 0xC2B2AE35, 0x27D4EB2F, 0x165667B1, 0xCC9E2D51, 0x1B873593, 0xE6546B65,
    0x7FEB352D, 0x846CA68B, 0x2C1B3C6D, 0x297A2D39, 0xB5297A4D, 0x68E31DA5, 0x1B56C4E9, 0x9F3A5C73,
  };

  /** The first multiplier giving every key its home slot, else the one with the fewest extra probes. */
  private static int pickMultiplier(int[] hashes, int slots, int shift) {
    int best = MULTIPLIERS[0];
    int bestCost = Integer.MAX_VALUE;
    boolean[] used = new boolean[slots];
    for (int m : MULTIPLIERS) {
      Arrays.fill(used, false);
      int cost = 0;
      for (int h : hashes) {
        int s = (h * m) >>> shift;
        while (used[s]) {
          s = (s + 1) & (slots - 1);
          cost++;
        }
        used[s] = true;
      }
      if (cost < bestCost) {
        best = m;
        bestCost = cost;
        if (cost == 0) {
          break;
        }
      }
    }
    return best;
  }

  private static Object[] buildTable(Object[] kv, int[] hashes, int slots, int mul, int shift) {
    Object[] t = new Object[2 * slots];
    int mask = t.length - 2;
    for (int i = 0; i < hashes.length; i++) {
      int s = ((hashes[i] * mul) >>> shift) << 1;
      while (t[s] != null) {
        s = (s + 2) & mask;
      }
      t[s] = kv[2 * i];
      t[s + 1] = kv[2 * i + 1];
    }
    return t;
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
    int mask = t.length - 2;
    for (int s = ((h * mul) >>> shift) << 1; ; s = (s + 2) & mask) {
      Object k = t[s];
      // Identity before the empty-slot test: the usual key is the very object bound.
      if (k == key) {
        return t[s + 1];
      }
      if (k == null) {
        return ABSENT;
      }
      if (key.equals(k)) {
        return t[s + 1];
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
