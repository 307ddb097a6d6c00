package dev.goj.bench.sync;

import dev.goj.sync.Mutex;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * goj Mutex against ReentrantLock (non-fair, the default) and synchronized: lock, increment a
 * shared counter, unlock. Uncontended: one thread. Contended: four threads on one lock (Go's
 * BenchmarkMutex shape). Run on platform threads (JMH's default) and on virtual threads with
 * {@code -jvmArgsAppend -Djmh.executor=VIRTUAL}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class MutexBench {
  final Mutex mutex = new Mutex();
  final ReentrantLock reentrantLock = new ReentrantLock();
  final Object monitor = new Object();
  long counter;

  @Benchmark
  @Threads(1)
  public long uncontendedMutex() {
    mutex.lock();
    try {
      return ++counter;
    } finally {
      mutex.unlock();
    }
  }

  @Benchmark
  @Threads(1)
  public long uncontendedReentrantLock() {
    reentrantLock.lock();
    try {
      return ++counter;
    } finally {
      reentrantLock.unlock();
    }
  }

  @Benchmark
  @Threads(1)
  public long uncontendedSynchronized() {
    synchronized (monitor) {
      return ++counter;
    }
  }

  @Benchmark
  @Threads(4)
  public long contendedMutex() {
    mutex.lock();
    try {
      return ++counter;
    } finally {
      mutex.unlock();
    }
  }

  @Benchmark
  @Threads(4)
  public long contendedReentrantLock() {
    reentrantLock.lock();
    try {
      return ++counter;
    } finally {
      reentrantLock.unlock();
    }
  }

  @Benchmark
  @Threads(4)
  public long contendedSynchronized() {
    synchronized (monitor) {
      return ++counter;
    }
  }
}
