package dev.goj.bench.chan;

import java.util.Arrays;

/**
 * Unbuffered ping-pong on JDK virtual threads, goj against SynchronousQueue, paired: each round runs
 * {@link ChanBench#N} round trips on new threads through goj channels and then through
 * SynchronousQueues, in the one JVM, and the report is the median of the per-round ratios.
 *
 * <p>Why it exists: on a small VM both implementations are bimodal per JVM (the OS may keep both
 * carrier threads on one CPU for seconds, and then every implementation is 3-4x slower), so JMH's
 * separately forked rows compare one's luck with the other's. Pairing each goj round with the
 * SynchronousQueue round right after it compares them under the same conditions.
 *
 * <pre>java --add-opens java.base/java.lang=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.goj.bench.chan.PairedPingPong [rounds]</pre>
 */
public final class PairedPingPong {
  private static final int WARMUP_ROUNDS = 50;

  private PairedPingPong() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    if (rounds < 4) {
      throw new IllegalArgumentException("rounds must be >= 4, was " + rounds);
    }
    double[] goj = new double[rounds];
    double[] sq = new double[rounds];
    double[] ratio = new double[rounds];
    try (Workers workers = new Workers("virtual")) {
      for (int k = -WARMUP_ROUNDS; k < rounds; k++) {
        double g = roundTripsPerMicro(workers, "goj");
        double s = roundTripsPerMicro(workers, "SynchronousQueue");
        if (k >= 0) {
          goj[k] = g;
          sq[k] = s;
          ratio[k] = g / s;
        }
      }
    }
    Arrays.sort(goj);
    Arrays.sort(sq);
    Arrays.sort(ratio);
    System.out.printf(
        "round trips/us, median of %d rounds: goj %.2f, SynchronousQueue %.2f; goj/SynchronousQueue"
            + " paired median %.2f (quartiles %.2f, %.2f)%n",
        rounds, median(goj), median(sq), median(ratio), ratio[rounds / 4], ratio[3 * rounds / 4]);
  }

  private static double roundTripsPerMicro(Workers workers, String impl) {
    Queues ping = Queues.of(impl, 0);
    Queues pong = Queues.of(impl, 0);
    Object msg = ChanBench.MSG;
    long t0 = System.nanoTime();
    workers.runAll(() -> {
      for (int i = 0; i < ChanBench.N; i++) {
        ping.put(msg);
        pong.take();
      }
    }, () -> {
      for (int i = 0; i < ChanBench.N; i++) {
        pong.put(ping.take());
      }
    });
    return ChanBench.N / ((System.nanoTime() - t0) / 1000.0);
  }

  private static double median(double[] sorted) {
    return sorted[sorted.length / 2];
  }
}
