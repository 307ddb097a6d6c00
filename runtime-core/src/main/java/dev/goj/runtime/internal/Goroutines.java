package dev.goj.runtime.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The set of live goroutines (Go's allgs, minus the dead ones): what {@code Go.numGoroutine} counts
 * and {@code Go.stack(true)} dumps. A goroutine is added before its thread starts and removed when
 * its body has returned or panicked.
 */
public final class Goroutines {
  private static final ConcurrentHashMap<G, Boolean> LIVE = new ConcurrentHashMap<>();

  private Goroutines() {}

  public static void add(G g) {
    LIVE.put(g, Boolean.TRUE);
  }

  public static void remove(G g) {
    LIVE.remove(g);
  }

  public static int count() {
    return LIVE.size();
  }

  /** A snapshot of the live goroutines in goid order. */
  public static List<G> snapshot() {
    List<G> all = new ArrayList<>(LIVE.keySet());
    all.sort(Comparator.comparingLong(G::goid));
    return all;
  }
}
