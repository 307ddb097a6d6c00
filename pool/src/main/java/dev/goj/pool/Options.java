package dev.goj.pool;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The settings every pool kind shares: ants' {@code Options} (options.go), plus {@code queueSize}, which ants lacks. Builders fill one in and
 * validate each value as it is set, so an IllegalArgumentException names the setter's argument;
 * {@link #validate} checks what depends on the pool size. A built pool copies its Options, so a
 * builder reused after build() cannot change a running pool.
 */
final class Options {
  /** ants' DefaultCleanIntervalTime: idle workers live this long when expiry is not set (or 0). */
  static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(1);

  Duration expiry = DEFAULT_EXPIRY;
  boolean preAlloc;
  boolean nonblocking;
  int maxBlockingTasks;
  int queueSize;
  Consumer<Throwable> panicHandler;

  void expiry(Duration d) {
    if (d == null) {
      throw new IllegalArgumentException("expiry must not be null");
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException("expiry must be >= 0, was " + d);
    }
    // As in ants, zero means the default.
    expiry = d.isZero() ? DEFAULT_EXPIRY : d;
  }

  void maxBlockingTasks(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("maxBlockingTasks must be >= 0, was " + n);
    }
    maxBlockingTasks = n;
  }

  void queueSize(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("queueSize must be >= 0, was " + n);
    }
    queueSize = n;
  }

  /**
   * The expiry in nanoseconds, capped at about 73 years so that {@code System.nanoTime() - expiry}
   * cut-offs cannot wrap.
   */
  long expiryNanos() {
    Duration cap = Duration.ofNanos(Long.MAX_VALUE / 4);
    return (expiry.compareTo(cap) > 0 ? cap : expiry).toNanos();
  }

  /** Checks the settings that depend on the pool size (ants' ErrInvalidPreAllocSize). */
  void validate(int size) {
    if (preAlloc && size <= 0) {
      throw new IllegalArgumentException("preAlloc needs a size > 0, was size " + size);
    }
    // An unbounded pool never makes a submitter wait, so a queue in front of it would never fill
    // and only delay tasks: refused rather than silently ignored.
    if (queueSize > 0 && size <= 0) {
      throw new IllegalArgumentException("queueSize " + queueSize + " needs a size > 0, was size " + size);
    }
  }

  Options copy() {
    Options o = new Options();
    o.expiry = expiry;
    o.preAlloc = preAlloc;
    o.nonblocking = nonblocking;
    o.maxBlockingTasks = maxBlockingTasks;
    o.queueSize = queueSize;
    o.panicHandler = panicHandler;
    return o;
  }
}
