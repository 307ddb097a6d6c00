package dev.goj.runtime.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * Whether the machine has more runnable threads than cores right now: the question Go's
 * runtime_canSpin answers from its own scheduler state (an idle P, an empty local run queue), which a
 * JVM thread cannot see for platform threads. Read from Linux's {@code /proc/loadavg} (its fourth
 * field counts the threads running or runnable now, the caller included), sampled at most once per
 * {@link #PERIOD_NANOS} by whichever caller finds the sample stale; everybody else reads the last
 * answer. Where the file is missing or unreadable the answer is always false (not oversubscribed),
 * which leaves callers on their multicore behaviour.
 *
 * <p>Spinning while oversubscribed burns the time slice the waker needs: the lock holder or the
 * releaser is runnable but has no core, so a waiter that polls delays its own wake-up.
 */
public final class Oversubscription {
  /** How stale a sample may be; a load change matters to a waiter only over many lock hand-offs. */
  static final long PERIOD_NANOS = 1_000_000L;

  private static final int NCPU = Runtime.getRuntime().availableProcessors();
  /**
   * Kept open: procfs regenerates the text on each read from offset 0, so one descriptor serves
   * every sample. A RandomAccessFile, not a FileChannel: an interrupted sampler would close an
   * interruptible channel for everybody.
   */
  private static final RandomAccessFile LOADAVG = open();
  /** Read buffer, used only by the one sampler the CAS on {@code sampling} admits. */
  private static final byte[] BUF = new byte[128];

  private static final VarHandle SAMPLING;

  static {
    try {
      SAMPLING = MethodHandles.lookup().findStaticVarHandle(Oversubscription.class, "sampling", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** 1 while one caller reads the file; the CAS keeps the others from piling onto the read. */
  private static volatile int sampling;
  /**
   * When the last sample was taken, and its answer. Nothing orders the two against each other: a
   * reader that sees a new time with an old answer makes one spin decision on a 1 ms older sample,
   * which costs a little speed and never the correctness of the lock that asked.
   */
  private static volatile long sampledAt = System.nanoTime() - PERIOD_NANOS;
  private static volatile boolean over;

  private Oversubscription() {}

  /** Whether more threads are runnable than there are cores, as of at most about 1 ms ago. */
  public static boolean now() {
    long t = System.nanoTime();
    if (t - sampledAt >= PERIOD_NANOS && LOADAVG != null && SAMPLING.compareAndSet(0, 1)) {
      try {
        over = sample() > NCPU;
        sampledAt = t;
      } finally {
        sampling = 0;
      }
    }
    return over;
  }

  /** Runnable threads now, or -1 if the file could not be read or parsed. */
  private static int sample() {
    int n;
    try {
      LOADAVG.seek(0);
      n = LOADAVG.read(BUF);
    } catch (IOException e) {
      return -1;
    }
    return n <= 0 ? -1 : parse(ByteBuffer.wrap(BUF, 0, n));
  }

  /**
   * The running-thread count of a {@code /proc/loadavg} line ("0.52 0.58 0.59 3/1234 5678"): the
   * number before the slash in the fourth field; -1 for any other shape.
   */
  static int parse(ByteBuffer line) {
    int field = 0;
    int i = line.position();
    int end = line.limit();
    while (i < end && field < 3) {
      if (line.get(i++) == ' ') {
        field++;
      }
    }
    if (field < 3) {
      return -1;
    }
    long n = 0;
    int digits = 0;
    for (; i < end; i++) {
      byte b = line.get(i);
      if (b == '/') {
        return digits > 0 ? (int) n : -1;
      }
      if (b < '0' || b > '9' || digits == 9) {
        return -1;
      }
      n = n * 10 + (b - '0');
      digits++;
    }
    return -1;
  }

  private static RandomAccessFile open() {
    try {
      return new RandomAccessFile("/proc/loadavg", "r");
    } catch (IOException | SecurityException e) {
      return null;
    }
  }
}
