package dev.goj.bench.chan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Runs a benchmark's producer and consumer bodies on JDK virtual threads (a thread per task) or on
 * pre-started platform threads, and waits for all of them.
 */
final class Workers implements AutoCloseable {
  private final ExecutorService pool;

  Workers(String threads) {
    if (threads.equals("virtual")) {
      pool = Executors.newVirtualThreadPerTaskExecutor();
    } else if (threads.equals("platform")) {
      ThreadPoolExecutor p = (ThreadPoolExecutor) Executors.newFixedThreadPool(8);
      p.prestartAllCoreThreads();
      pool = p;
    } else {
      throw new IllegalArgumentException("threads " + threads);
    }
  }

  void runAll(Runnable... bodies) {
    List<Future<?>> fs = new ArrayList<>(bodies.length);
    for (Runnable b : bodies) {
      fs.add(pool.submit(b));
    }
    try {
      for (Future<?> f : fs) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
