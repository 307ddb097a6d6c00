package dev.goj.examples;

import dev.goj.chan.Chan;
import dev.goj.chan.RecvChan;
import dev.goj.chan.Select;
import dev.goj.runtime.Go;
import dev.goj.time.Ticker;
import dev.goj.time.Time;
import dev.goj.time.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** chan module: a goroutine pipeline, a fan-in select with a timeout, a ticker and a stopped timer. */
final class ChanDemo {
  private ChanDemo() {}

  static void run() {
    // Pipeline: generate 1..1000 -> square (4 workers) -> sum, each stage a goroutine, closed in turn.
    int n = 1000;
    Chan<Integer> nums = Chan.make();
    Chan<Long> squares = Chan.make(16);
    Go.go(() -> {
      for (int i = 1; i <= n; i++) {
        nums.send(i);
      }
      nums.close();
    });
    int workers = 4;
    Chan<Void> done = Chan.make();
    for (int w = 0; w < workers; w++) {
      Go.go(() -> {
        for (int v : nums) {
          squares.send((long) v * v);
        }
        done.send(null);
      });
    }
    Go.go(() -> {
      for (int w = 0; w < workers; w++) {
        done.recv();
      }
      squares.close();
    });
    long sum = 0;
    for (long sq : squares) {
      sum += sq;
    }
    long want = (long) n * (n + 1) * (2L * n + 1) / 6;
    check("chan: pipeline of " + workers + " workers summed " + n + " squares = " + sum, sum == want);

    // Fan-in: select over two producers until both close, with a timeout guarding the loop.
    Chan<String> a = Chan.make();
    Chan<String> b = Chan.make(4);
    Go.go(() -> {
      for (int i = 0; i < 5; i++) {
        a.send("a" + i);
      }
      a.close();
    });
    Go.go(() -> {
      for (int i = 0; i < 5; i++) {
        b.send("b" + i);
      }
      b.close();
    });
    AtomicInteger fromA = new AtomicInteger();
    AtomicInteger fromB = new AtomicInteger();
    RecvChan<Instant> timeout = Time.after(Duration.ofSeconds(10));
    Chan<String>[] live = ChanDemo.pair(a, b);
    boolean timedOut = false;
    while (live[0] != null || live[1] != null) {
      int i = Select.of()
          .recv(live[0], (String v, Boolean ok) -> {
            if (ok) {
              fromA.incrementAndGet();
            } else {
              live[0] = null; // a nil case is never chosen again, as in Go
            }
          })
          .recv(live[1], (String v, Boolean ok) -> {
            if (ok) {
              fromB.incrementAndGet();
            } else {
              live[1] = null;
            }
          })
          .recv(timeout, v -> { })
          .run();
      if (i == 2) {
        timedOut = true;
        break;
      }
    }
    check("chan: select fan-in got " + fromA + " from a, " + fromB + " from b",
        !timedOut && fromA.get() == 5 && fromB.get() == 5);

    // Ticker: three ticks, then stop. Timer: stopped before it fires, so nothing arrives.
    Ticker tk = Time.newTicker(Duration.ofMillis(5));
    Instant first = tk.c().recv();
    tk.c().recv();
    Instant third = tk.c().recv();
    tk.stop();
    Timer t = Time.newTimer(Duration.ofHours(1));
    boolean stopped = t.stop();
    int none = Select.of().recv(t.c(), v -> { }).defaultCase(null).run();
    check("time: 3 ticks over " + Duration.between(first, third).toMillis() + " ms; timer stopped="
        + stopped + ", stale value=" + (none == 0), third.isAfter(first) && stopped && none == 1);
  }

  @SuppressWarnings("unchecked")
  private static Chan<String>[] pair(Chan<String> x, Chan<String> y) {
    return new Chan[] {x, y};
  }

  private static void check(String line, boolean ok) {
    System.out.println(line + (ok ? " ok" : " MISMATCH"));
    if (!ok) {
      System.exit(1);
    }
  }
}
