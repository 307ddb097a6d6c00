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
  void pollReadyConsumesAReadyThatComesDuringThePoll() throws Exception {
    AtomicReference<G> ref = new AtomicReference<>();
    AtomicReference<Boolean> polled = new AtomicReference<>();
    Thread t = Thread.ofPlatform().start(() -> {
      G g = G.current();
      ref.set(g);
      // A long budget: the ready below arrives well within it.
      polled.set(g.pollReady(WaitReason.CHAN_RECEIVE, 30_000_000_000L));
    });
    // The poller is runnable, not WAITING: wait for it to record its reason.
    for (int i = 0; i < 10_000 && (ref.get() == null || ref.get().waitReason() == null); i++) {
      Thread.sleep(1);
    }
    assertEquals(WaitReason.CHAN_RECEIVE, ref.get().waitReason());
    ref.get().ready();
    t.join(10_000);
    assertFalse(t.isAlive());
    assertEquals(Boolean.TRUE, polled.get());
    assertNull(ref.get().waitReason());
  }

  @Test
  void pollReadyGivesUpAndALaterParkStillGetsTheReady() throws Exception {
    G g = G.current();
    assertFalse(g.pollReady(WaitReason.CHAN_SEND, 1_000_000L));
    // Nothing was consumed: a ready now is seen by the park that follows a failed poll.
    g.ready();
    g.park(WaitReason.CHAN_SEND);
    assertNull(g.waitReason());
    g.ready();
    assertTrue(g.pollReady(WaitReason.CHAN_SEND, 0));
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
