package dev.goj.bench.sync;

import dev.goj.sync.RWMutex;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * goj RWMutex against ReentrantReadWriteLock (non-fair): four threads share one lock; each
 * operation is a read (read lock, read a field) nine times in ten and a write (write lock,
 * increment the field) once in ten (Go's BenchmarkRWMutexWrite10 shape).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class RWMutexBench {
  final RWMutex rwMutex = new RWMutex();
  final ReentrantReadWriteLock rrwl = new ReentrantReadWriteLock();
  long value;

  /** Per-thread operation counter that picks reads and writes. */
  @State(Scope.Thread)
  public static class Op {
    int n;
  }

  @Benchmark
  @Threads(4)
  public long readMostlyRWMutex(Op op) {
    if (++op.n % 10 == 0) {
      rwMutex.lock();
      try {
        return ++value;
      } finally {
        rwMutex.unlock();
      }
    }
    rwMutex.rLock();
    try {
      return value;
    } finally {
      rwMutex.rUnlock();
    }
  }

  @Benchmark
  @Threads(4)
  public long readMostlyReentrantReadWriteLock(Op op) {
    if (++op.n % 10 == 0) {
      rrwl.writeLock().lock();
      try {
        return ++value;
      } finally {
        rrwl.writeLock().unlock();
      }
    }
    rrwl.readLock().lock();
    try {
      return value;
    } finally {
      rrwl.readLock().unlock();
    }
  }
}
