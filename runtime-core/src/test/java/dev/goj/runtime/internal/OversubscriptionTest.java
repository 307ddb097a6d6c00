package dev.goj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class OversubscriptionTest {
  private static int parse(String s) {
    return Oversubscription.parse(ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void parsesRunningCount() {
    assertEquals(3, parse("0.52 0.58 0.59 3/1234 5678\n"));
    assertEquals(0, parse("0.00 0.00 0.00 0/1 1"));
    assertEquals(117, parse("12.10 11.99 10.50 117/40321 998877\n"));
  }

  @Test
  void parsesFromTheBufferPosition() {
    ByteBuffer b = ByteBuffer.wrap("xx1.0 2.0 3.0 7/9 1".getBytes(StandardCharsets.US_ASCII));
    b.position(2);
    assertEquals(7, Oversubscription.parse(b));
  }

  @Test
  void rejectsOtherShapes() {
    assertEquals(-1, parse(""));
    assertEquals(-1, parse("0.52 0.58 0.59"));
    assertEquals(-1, parse("0.52 0.58 0.59 3"));
    assertEquals(-1, parse("0.52 0.58 0.59 /1234 5"));
    assertEquals(-1, parse("0.52 0.58 0.59 x3/1234 5"));
    assertEquals(-1, parse("0.52 0.58 0.59 12345678901/2 5"));
  }

  @Test
  void seesMoreRunnableThreadsThanCores() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/loadavg")), "needs Linux's /proc/loadavg");
    int ncpu = Runtime.getRuntime().availableProcessors();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> busy = new ArrayList<>();
    try {
      for (int i = 0; i < 2 * ncpu + 2; i++) {
        busy.add(Thread.ofPlatform().daemon().start(() -> {
          while (!stop.get()) {
            Thread.onSpinWait();
          }
        }));
      }
      // The kernel's count is a snapshot and a sample is up to 1 ms old: poll until it shows. The
      // poller carries an interrupt, which must not break sampling (an interruptible channel would
      // be closed by it for good).
      AtomicBoolean seen = new AtomicBoolean();
      Thread poller = Thread.ofPlatform().start(() -> {
        Thread.currentThread().interrupt();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!seen.get() && System.nanoTime() < deadline) {
          if (Oversubscription.now()) {
            seen.set(true);
          }
        }
      });
      poller.join();
      assertTrue(seen.get(), "2*ncpu+2 spinning threads should read as oversubscribed");
    } finally {
      stop.set(true);
      for (Thread t : busy) {
        t.join();
      }
    }
  }
}
