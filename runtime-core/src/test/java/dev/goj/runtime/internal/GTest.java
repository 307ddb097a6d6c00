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
  void pollSeesACompletionThatComesDuringThePoll() throws Exception {
    AtomicReference<Sudog> ref = new AtomicReference<>();
    AtomicReference<Boolean> polled = new AtomicReference<>();
    Thread t = Thread.ofPlatform().start(() -> {
      G g = G.current();
      Sudog sg = new Sudog(g);
      ref.set(sg);
      // A long budget: the completion below arrives well within it.
      polled.set(g.poll(sg, WaitReason.CHAN_RECEIVE, 30_000_000_000L));
    });
    // The poller is runnable, not WAITING: wait for it to record its reason.
    for (int i = 0; i < 10_000 && (ref.get() == null || ref.get().g.waitReason() == null); i++) {
      Thread.sleep(1);
    }
    Sudog sg = ref.get();
    assertEquals(WaitReason.CHAN_RECEIVE, sg.g.waitReason());
    sg.elem = "v";
    assertFalse(sg.complete(), "a polling waiter has not committed to parking: no ready is owed");
    t.join(10_000);
    assertFalse(t.isAlive());
    assertEquals(Boolean.TRUE, polled.get());
    assertNull(sg.g.waitReason());
  }

  @Test
  void pollWithoutASudogConsumesAReadyAndALaterParkStillGetsOne() {
    G g = G.current();
    assertFalse(g.poll(null, WaitReason.SELECT, 1_000_000L));
    assertNull(g.waitReason());
    g.ready();
    assertTrue(g.poll(null, WaitReason.SELECT, 0));
    // Consumed: nothing is left for a park, so a second ready is what the next park returns on.
    g.ready();
    g.park(WaitReason.SELECT);
    assertNull(g.waitReason());
  }

  @Test
  void aWaiterThatCommitsToParkIsReadiedByTheCompletion() throws Exception {
    AtomicReference<Sudog> ref = new AtomicReference<>();
    AtomicReference<Object> got = new AtomicReference<>();
    Thread t = Thread.ofVirtual().start(() -> {
      G g = G.current();
      Sudog sg = new Sudog(g);
      ref.set(sg);
      assertFalse(g.poll(sg, WaitReason.CHAN_SEND, 1_000_000L));
      assertTrue(sg.commitPark());
      g.park(WaitReason.CHAN_SEND, false);
      got.set(sg.isDone() ? sg.elem : null);
    });
    SemaTest.awaitReason(t);
    Sudog sg = ref.get();
    sg.elem = "v";
    assertTrue(sg.complete(), "the waiter committed to parking: the waker owes it a ready");
    sg.g.ready();
    t.join(10_000);
    assertFalse(t.isAlive());
    assertEquals("v", got.get());
  }

  @Test
  void aCompletionBeforeTheCommitCancelsThePark() {
    G g = G.current();
    Sudog sg = new Sudog(g);
    assertFalse(sg.isDone());
    assertFalse(sg.complete());
    assertTrue(sg.isDone());
    assertTrue(g.spinFor(sg));
    assertTrue(g.poll(sg, WaitReason.CHAN_SEND, 0));
    assertFalse(sg.commitPark(), "completed first: the waiter must not park");
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
