package dev.goj.sync;

import dev.goj.runtime.Go;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The kinds of thread a goj blocking call must work from; tests run their bodies on each. */
enum Kind {
  PLATFORM,
  VIRTUAL,
  GOROUTINE;

  /** Failures of bodies started by {@link #start}; tests assert it stays empty. */
  static final Queue<Throwable> FAILURES = new ConcurrentLinkedQueue<>();

  void start(Runnable body) {
    Runnable r = () -> {
      try {
        body.run();
      } catch (Throwable t) {
        FAILURES.add(t);
        throw t;
      }
    };
    switch (this) {
      case PLATFORM -> Thread.ofPlatform().daemon().start(r);
      case VIRTUAL -> Thread.ofVirtual().start(r);
      case GOROUTINE -> Go.go(r);
    }
  }

  /** Throws the first failure recorded by a started body, if any, and clears the record. */
  static void checkFailures() {
    Throwable t = FAILURES.poll();
    FAILURES.clear();
    if (t != null) {
      throw new AssertionError("a started body failed", t);
    }
  }
}
