package dev.goj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class GTest {
  @Test
  void readyBeforeParkIsConsumed() {
    G g = G.current();
    g.ready();
    g.park(WaitReason.SLEEP); // returns at once
    assertNull(g.waitReason());
  }

  @Test
  void parkRecordsReasonUntilReady() throws Exception {
    AtomicReference<G> ref = new AtomicReference<>();
    Thread t = Thread.ofPlatform().start(() -> {
      G g = G.current();
      ref.set(g);
      g.park(WaitReason.CHAN_RECEIVE);
    });
    SemaTest.awaitReason(t);
    G g = ref.get();
    assertEquals(WaitReason.CHAN_RECEIVE, g.waitReason());
    assertSame(t, g.thread());
    g.ready();
    t.join(10_000);
    assertFalse(t.isAlive());
  }

  @Test
  void parkIsNotInterruptibleAndKeepsTheFlag() throws Exception {
    AtomicReference<G> ref = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    Thread t = Thread.ofVirtual().start(() -> {
      G g = G.current();
      ref.set(g);
      g.park(WaitReason.SLEEP);
      flag.set(Thread.currentThread().isInterrupted());
    });
    SemaTest.awaitReason(t);
    t.interrupt();
    Thread.sleep(50);
    assertTrue(t.isAlive(), "an interrupt must not end a park");
    ref.get().ready();
    t.join(10_000);
    assertEquals(Boolean.TRUE, flag.get());
  }

  @Test
  void selectWordIsWonOnce() {
    G g = G.current();
    g.clearSelectDone();
    assertTrue(g.casSelectDone());
    assertFalse(g.casSelectDone());
    g.clearSelectDone();
  }
}
