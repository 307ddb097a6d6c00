package dev.goj.examples;

import dev.goj.sync.Cond;
import dev.goj.sync.Mutex;
import dev.goj.sync.Once;
import dev.goj.sync.RWMutex;
import dev.goj.sync.WaitGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The sync module in action: goroutines coordinated with WaitGroup, Mutex, RWMutex, Cond and Once. */
final class SyncDemo {
  private SyncDemo() {}

  static void run() {
    mutexCounter();
    rwMutexCache();
    condQueue();
    onceInit();
  }

  /** 1,000 goroutines each add 1,000 to a plain counter under a Mutex; wg.go tracks them. */
  private static void mutexCounter() {
    Mutex mu = new Mutex();
    long[] counter = {0};
    WaitGroup wg = new WaitGroup();
    int n = 1000;
    int per = 1000;
    for (int i = 0; i < n; i++) {
      wg.go(() -> {
        for (int j = 0; j < per; j++) {
          mu.lock();
          counter[0]++;
          mu.unlock();
        }
      });
    }
    wg.await();
    check("sync: Mutex + WaitGroup.go: %d goroutines x %d increments = %d", counter[0] == (long) n * per,
        n, per, counter[0]);
  }

  /** Readers share an RWMutex-guarded map while a writer fills it; every reader sees whole entries. */
  private static void rwMutexCache() {
    RWMutex rw = new RWMutex();
    Map<Integer, Integer> squares = new HashMap<>();
    WaitGroup wg = new WaitGroup();
    int keys = 500;
    wg.go(() -> {
      for (int k = 0; k < keys; k++) {
        rw.lock();
        squares.put(k, k * k);
        rw.unlock();
      }
    });
    int readers = 8;
    long[] bad = new long[readers];
    for (int r = 0; r < readers; r++) {
      int id = r;
      wg.go(() -> {
        for (int i = 0; i < 2000; i++) {
          int k = i % keys;
          rw.rLock();
          Integer v = squares.get(k);
          rw.rUnlock();
          if (v != null && v != k * k) {
            bad[id]++;
          }
        }
      });
    }
    wg.await();
    long wrong = 0;
    for (long b : bad) {
      wrong += b;
    }
    check("sync: RWMutex: 1 writer filled %d entries while %d readers read; torn reads: %d",
        squares.size() == keys && wrong == 0, keys, readers, wrong);
  }

  /** A bounded queue on a Mutex and two Conds: producers and consumers pass 10,000 items. */
  private static void condQueue() {
    Mutex mu = new Mutex();
    Cond notEmpty = new Cond(mu);
    Cond notFull = new Cond(mu);
    List<Integer> q = new ArrayList<>(); // guarded by mu
    int capacity = 16;
    int producers = 4;
    int perProducer = 2500;
    long[] sum = {0};
    WaitGroup wg = new WaitGroup();
    for (int p = 0; p < producers; p++) {
      wg.go(() -> {
        for (int i = 1; i <= perProducer; i++) {
          mu.lock();
          while (q.size() == capacity) {
            notFull.await();
          }
          q.add(i);
          notEmpty.signal();
          mu.unlock();
        }
      });
    }
    WaitGroup consumers = new WaitGroup();
    int total = producers * perProducer;
    int[] taken = {0};
    for (int c = 0; c < 2; c++) {
      consumers.go(() -> {
        for (;;) {
          mu.lock();
          while (q.isEmpty() && taken[0] < total) {
            notEmpty.await();
          }
          if (taken[0] == total) {
            notEmpty.broadcast(); // release the other consumer
            mu.unlock();
            return;
          }
          sum[0] += q.remove(0);
          taken[0]++;
          notFull.signal();
          if (taken[0] == total) {
            notEmpty.broadcast();
          }
          mu.unlock();
        }
      });
    }
    wg.await();
    consumers.await();
    long want = (long) producers * perProducer * (perProducer + 1) / 2;
    check("sync: Cond: %d items through a %d-slot queue, sum %d (want %d)", sum[0] == want, total, capacity,
        sum[0], want);
  }

  /** Once.value computes a shared value once, however many goroutines ask at the same time. */
  private static void onceInit() {
    int[] calls = {0};
    Supplier<String> config = Once.value(() -> {
      calls[0]++;
      return "loaded";
    });
    WaitGroup wg = new WaitGroup();
    String[] seen = new String[100];
    for (int i = 0; i < seen.length; i++) {
      int id = i;
      wg.go(() -> seen[id] = config.get());
    }
    wg.await();
    boolean allSame = true;
    for (String s : seen) {
      allSame &= "loaded".equals(s);
    }
    check("sync: Once.value: %d goroutines, initializer ran %d time(s)", allSame && calls[0] == 1, seen.length,
        calls[0]);
  }

  private static void check(String format, boolean ok, Object... args) {
    System.out.println(String.format(format, args) + (ok ? " ok" : " MISMATCH"));
    if (!ok) {
      System.exit(1);
    }
  }
}
