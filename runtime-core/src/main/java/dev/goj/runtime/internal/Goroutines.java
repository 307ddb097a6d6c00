package dev.goj.runtime.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The set of live goroutines (Go's allgs, minus the dead ones): what {@code Go.numGoroutine} counts
 * and {@code Go.stack(true)} dumps. A goroutine is added before its thread starts and removed when
 * its body has returned or panicked.
 *
 * <p>Goroutines start and end at millions per second from every M, so the set is striped: each G
 * sits in the doubly linked list of one of {@link #STRIPES} stripes, linked through its own fields,
 * each stripe guarded by its own monitor (held for a few field writes, never while blocking). Adding
 * or removing costs one uncontended lock and no allocation; a single shared counter or map would be
 * hammered by every M at once. The goid is hashed to pick the stripe, and stripes are padded, so the
 * goroutine being started and the one just ending (consecutive goids) do not share a cache line.
 */
public final class Goroutines {
  private static final int STRIPES = 64; // 2^6: the hash keeps the top 6 bits
  private static final Stripe[] STRIPE = new Stripe[STRIPES];

  static {
    for (int i = 0; i < STRIPES; i++) {
      STRIPE[i] = new Stripe();
    }
  }

  /** One list of live goroutines, guarded by its monitor; count is read without it by {@link #count}. */
  private static final class Stripe {
    G head;
    volatile int count;
    // Keeps neighbouring stripes' hot fields on different cache lines.
    @SuppressWarnings("unused")
    long p1, p2, p3, p4, p5, p6, p7;
  }

  private Goroutines() {}

  private static Stripe stripe(G g) {
    return STRIPE[(int) ((g.goid() * 0x9E3779B97F4A7C15L) >>> 58)]; // Fibonacci hashing: top 6 bits
  }

  public static void add(G g) {
    Stripe s = stripe(g);
    synchronized (s) {
      G h = s.head;
      g.allNext = h;
      g.allPrev = null;
      if (h != null) {
        h.allPrev = g;
      }
      s.head = g;
      s.count = s.count + 1;
    }
  }

  public static void remove(G g) {
    Stripe s = stripe(g);
    synchronized (s) {
      G prev = g.allPrev;
      G next = g.allNext;
      if (prev != null) {
        prev.allNext = next;
      } else if (s.head == g) {
        s.head = next;
      } else {
        return; // not in the set
      }
      if (next != null) {
        next.allPrev = prev;
      }
      g.allNext = null;
      g.allPrev = null;
      s.count = s.count - 1;
    }
  }

  /** Live goroutines; exact when none is starting or ending, as Go's NumGoroutine. */
  public static int count() {
    int n = 0;
    for (Stripe s : STRIPE) {
      n += s.count;
    }
    return n;
  }

  /** A snapshot of the live goroutines in goid order. */
  public static List<G> snapshot() {
    List<G> all = new ArrayList<>();
    for (Stripe s : STRIPE) {
      synchronized (s) {
        for (G g = s.head; g != null; g = g.allNext) {
          all.add(g);
        }
      }
    }
    all.sort(Comparator.comparingLong(G::goid));
    return all;
  }
}
