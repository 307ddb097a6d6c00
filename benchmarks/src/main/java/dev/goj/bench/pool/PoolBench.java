package dev.goj.bench.pool;

import dev.goj.chan.Chan;
import dev.goj.pool.Pool;
import dev.goj.runtime.Go;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A flood of tasks through goj's ants-style {@link Pool} against the executors a Java user would
 * otherwise pick, all in one run. One benchmark op = a whole batch, submitted from the benchmark
 * thread, until the last task of the batch has run.
 *
 * <ul>
 *   <li>tiny*: 1,000,000 tasks that only bump a LongAdder, through 8 workers: goj Pool(8);
 *       ThreadPoolExecutor(8) with a bounded ArrayBlockingQueue(1024) whose rejection handler blocks
 *       on put (so it, too, makes the submitter wait when full, as Pool.submit does);
 *       ThreadPoolExecutor(8) with a SynchronousQueue and the same blocking put, the JDK's hand-off
 *       pool: like Pool.submit, execute returns only once a worker has taken the task;
 *       ForkJoinPool(8) (unbounded queues); one virtual thread per task; and goj Pool(8) with
 *       {@code queueSize(1024)}, the like-for-like peer of the ArrayBlockingQueue(1024) executor;
 *       and Go's hand-written idiom, 8 goroutines ranging over a goj {@code Chan} of capacity 1024
 *       (what the pool's queue would cost if it were a channel rather than a ring under the pool's
 *       lock).
 *   <li>blocking*: 10,000 tasks that each sleep 1 ms (I/O-like): goj Pool(1000) against
 *       Executors.newVirtualThreadPerTaskExecutor().
 * </ul>
 * The *FromGoroutine variants run the same submit loop inside a goroutine ({@code Go.go}) instead
 * of on the JMH platform thread: that is how ants is used in Go, and it matters on the JVM, where
 * waking a parked virtual thread from a platform thread costs several microseconds (an external
 * ForkJoinPool submission plus a carrier wake-up) against well under one from another virtual
 * thread.
 *
 * <p>Completion is counted the same way for every contender: each task increments a LongAdder (no
 * shared CAS hot spot) and the benchmark thread polls the sum with 20 µs parks once it has
 * submitted everything (or started the submitting goroutine).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class PoolBench {
  static final int TINY_TASKS = 1_000_000;
  static final int WORKERS = 8;
  static final int BLOCKING_TASKS = 10_000;
  static final int BLOCKING_POOL = 1_000;

  final LongAdder done = new LongAdder();
  final Runnable tiny = done::increment;
  final Runnable sleeper = () -> {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    done.increment();
  };

  Pool gojTiny;
  Pool gojTinyQueued;
  Chan<Runnable> jobs;
  Pool gojBlocking;
  ThreadPoolExecutor tpe;
  ThreadPoolExecutor tpeHandOff;
  ForkJoinPool fjp;
  ExecutorService vtPerTask;

  @Setup(Level.Trial)
  public void setUp() {
    gojTiny = Pool.newPool(WORKERS);
    gojTinyQueued = Pool.builder(WORKERS).queueSize(1024).build();
    jobs = Chan.make(1024);
    for (int i = 0; i < WORKERS; i++) {
      Go.go(() -> {
        for (Runnable r : jobs) {
          r.run();
        }
      });
    }
    gojBlocking = Pool.newPool(BLOCKING_POOL);
    tpe = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024),
        (r, ex) -> {
          try {
            ex.getQueue().put(r);
          } catch (InterruptedException e) {
            throw new RejectedExecutionException(e);
          }
        });
    tpe.prestartAllCoreThreads();
    tpeHandOff = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.SECONDS, new SynchronousQueue<>(),
        (r, ex) -> {
          try {
            ex.getQueue().put(r);
          } catch (InterruptedException e) {
            throw new RejectedExecutionException(e);
          }
        });
    tpeHandOff.prestartAllCoreThreads();
    fjp = new ForkJoinPool(WORKERS);
    vtPerTask = Executors.newVirtualThreadPerTaskExecutor();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    gojTiny.release();
    gojTinyQueued.release();
    jobs.close();
    gojBlocking.release();
    tpe.shutdown();
    tpeHandOff.shutdown();
    fjp.shutdown();
    vtPerTask.shutdown();
  }

  @Setup(Level.Invocation)
  public void resetCount() {
    done.reset();
  }

  private void awaitDone(long n) {
    while (done.sum() < n) {
      LockSupport.parkNanos(20_000);
    }
  }

  @Benchmark
  public void tinyGojPool() {
    for (int i = 0; i < TINY_TASKS; i++) {
      gojTiny.submit(tiny);
    }
    awaitDone(TINY_TASKS);
  }

  @Benchmark
  public void tinyGojPoolFromGoroutine() {
    Go.go(() -> {
      for (int i = 0; i < TINY_TASKS; i++) {
        gojTiny.submit(tiny);
      }
    });
    awaitDone(TINY_TASKS);
  }

  @Benchmark
  public void tinyGojPoolQueued() {
    for (int i = 0; i < TINY_TASKS; i++) {
      gojTinyQueued.submit(tiny);
    }
    awaitDone(TINY_TASKS);
  }

  @Benchmark
  public void tinyGojPoolQueuedFromGoroutine() {
    Go.go(() -> {
      for (int i = 0; i < TINY_TASKS; i++) {
        gojTinyQueued.submit(tiny);
      }
    });
    awaitDone(TINY_TASKS);
  }

  @Benchmark
  public void tinyGojChanWorkers() {
    for (int i = 0; i < TINY_TASKS; i++) {
      jobs.send(tiny);
    }
    awaitDone(TINY_TASKS);
  }

  @Benchmark
  public void tinyGojChanWorkersFromGoroutine() {
    Go.go(() -> {
      for (int i = 0; i < TINY_TASKS; i++) {
        jobs.send(tiny);
      }
    });
    awaitDone(TINY_TASKS);
  }

  @Benchmark
  public void tinyThreadPoolExecutor() {
    for (int i = 0; i < TINY_TASKS; i++) {
      tpe.execute(tiny);
    }
    awaitDone(TINY_TASKS);
  }

  @Benchmark
  public void tinyThreadPoolExecutorFromGoroutine() {
    Go.go(() -> {
      for (int i = 0; i < TINY_TASKS; i++) {
        tpe.execute(tiny);
      }
    });
    awaitDone(TINY_TASKS);
  }

  @Benchmark
  public void tinyThreadPoolExecutorHandOff() {
    for (int i = 0; i < TINY_TASKS; i++) {
      tpeHandOff.execute(tiny);
    }
    awaitDone(TINY_TASKS);
  }

  @Benchmark
  public void tinyForkJoinPool() {
    for (int i = 0; i < TINY_TASKS; i++) {
      fjp.execute(tiny);
    }
    awaitDone(TINY_TASKS);
  }

  @Benchmark
  public void tinyVirtualThreadPerTask() {
    for (int i = 0; i < TINY_TASKS; i++) {
      Thread.startVirtualThread(tiny);
    }
    awaitDone(TINY_TASKS);
  }

  @Benchmark
  public void blockingGojPool() {
    for (int i = 0; i < BLOCKING_TASKS; i++) {
      gojBlocking.submit(sleeper);
    }
    awaitDone(BLOCKING_TASKS);
  }

  @Benchmark
  public void blockingGojPoolFromGoroutine() {
    Go.go(() -> {
      for (int i = 0; i < BLOCKING_TASKS; i++) {
        gojBlocking.submit(sleeper);
      }
    });
    awaitDone(BLOCKING_TASKS);
  }

  @Benchmark
  public void blockingVirtualThreadPerTaskExecutor() {
    for (int i = 0; i < BLOCKING_TASKS; i++) {
      vtPerTask.execute(sleeper);
    }
    awaitDone(BLOCKING_TASKS);
  }
}
