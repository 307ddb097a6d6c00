package dev.goj.runtime.internal;

import dev.goj.runtime.sched.Sched;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The set of live goroutines (Go's allgs, minus the dead ones): what {@code Go.numGoroutine} counts
 * and {@code Go.stack(true)} dumps. A goroutine is added before its thread starts and removed when
 * its body has returned or panicked.
 *
 * <p>Goroutines start and end at millions per second, and end on other threads than the one that
 * started them, so ending one unlinks nothing (unlinking would pull the neighbours' cache lines from
 * the starting thread's core; Go's allgs avoids that too): the G is marked done and the {@code ended}
 * count of the ending carrier's stripe is bumped, a line that carrier alone writes. The set is
 * striped by the starting thread: a G is linked onto its stripe's list under the stripe's monitor.
 * One ending in 64 also adds 64 to its list's {@code endedSample}; whoever sees from it that done
 * Gs make up about half of a list (an adder, or that goroutine) prunes the list, so lists stay
 * within about twice their live goroutines and a finished goroutine does not stay reachable for
 * long. Fields written by different threads sit on separate cache lines.
 */
public final class Goroutines {
  private static final int STRIPES = 64; // 2^6: stripe() keeps the top 6 bits of a Fibonacci hash
  private static final Stripe[] STRIPE = new Stripe[STRIPES];
  private static final VarHandle ADDED;
  private static final VarHandle ENDED;
  private static final VarHandle ENDED_SAMPLE;

  static {
    for (int i = 0; i < STRIPES; i++) {
      STRIPE[i] = new Stripe();
    }
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      ADDED = l.findVarHandle(Stripe.class, "added", long.class);
      ENDED = l.findVarHandle(Stripe.class, "ended", long.class);
      ENDED_SAMPLE = l.findVarHandle(Stripe.class, "endedSample", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // padding fields
  private static final class Stripe {
    long p0, p1, p2, p3, p4, p5, p6;
    /** Linked through G.allNext, under this stripe's monitor; holds done Gs until pruned. */
    G head;
    /** Entries on the list (monitor). */
    int length;
    /** endedSample at the last prune (monitor; read racily by enders). */
    volatile long endedAtPrune;
    /** Goroutines added here: written under the monitor, read racily by count(). */
    long added;
    long q0, q1, q2, q3, q4, q5, q6;
    /** About how many of this list's goroutines ended: 64 per sampled ending (atomic adds). */
    long endedSample;
    long r0, r1, r2, r3, r4, r5, r6;
    /** Goroutines that ended on carriers of this stripe (atomic adds, in practice by one carrier). */
    long ended;
    long s0, s1, s2, s3, s4, s5, s6;
  }

  private Goroutines() {}

  private static int stripeOf(long threadId) {
    return (int) ((threadId * 0x9E3779B97F4A7C15L) >>> 58);
  }

  public static void add(G g) {
    int i = stripeOf(Thread.currentThread().threadId());
    Stripe s = STRIPE[i];
    g.stripe = i;
    synchronized (s) {
      if (garbageIsHalf(s, (long) ENDED_SAMPLE.getVolatile(s))) {
        prune(s);
      }
      g.allNext = s.head;
      s.head = g;
      s.length++;
      ADDED.setOpaque(s, (long) ADDED.get(s) + 1); // single writer: the monitor holder
    }
  }

  /** Marks {@code g} ended; it leaves its stripe's list at that stripe's next prune. */
  public static void remove(G g) {
    g.done = true;
    ENDED.getAndAdd(STRIPE[stripeOf(Sched.carrierThreadId())], 1L);
    if ((g.goid() & 63) == 0) {
      Stripe s = STRIPE[g.stripe];
      long sample = (long) ENDED_SAMPLE.getAndAdd(s, 64L) + 64;
      if (garbageIsHalf(s, sample)) {
        synchronized (s) {
          if (garbageIsHalf(s, (long) ENDED_SAMPLE.getVolatile(s))) {
            prune(s);
          }
        }
      }
    }
  }

  /** Done Gs (about endedSample - endedAtPrune) are half the list: a prune is worth its walk. */
  private static boolean garbageIsHalf(Stripe s, long endedSample) {
    return endedSample - s.endedAtPrune > (s.length >> 1) + 64;
  }

  /** Drops done Gs from the stripe's list (monitor held). */
  private static void prune(Stripe s) {
    s.endedAtPrune = (long) ENDED_SAMPLE.getVolatile(s);
    G prev = null;
    int n = 0;
    for (G g = s.head; g != null; g = g.allNext) {
      if (g.done) {
        if (prev == null) {
          s.head = g.allNext;
        } else {
          prev.allNext = g.allNext;
        }
      } else {
        prev = g;
        n++;
      }
    }
    s.length = n;
  }

  /** Live goroutines; exact when none is starting or ending, as Go's NumGoroutine. */
  public static int count() {
    long ended = 0;
    for (Stripe s : STRIPE) {
      ended += (long) ENDED.getVolatile(s);
    }
    long added = 0;
    for (Stripe s : STRIPE) {
      added += (long) ADDED.getOpaque(s);
    }
    // ended is read first: a goroutine that ends meanwhile was added before, so never counted below 0
    return (int) Math.max(0, added - ended);
  }

  /** A snapshot of the live goroutines in goid order. */
  public static List<G> snapshot() {
    List<G> all = new ArrayList<>();
    for (Stripe s : STRIPE) {
      synchronized (s) {
        for (G g = s.head; g != null; g = g.allNext) {
          if (!g.done) {
            all.add(g);
          }
        }
      }
    }
    all.sort(Comparator.comparingLong(G::goid));
    return all;
  }
}
