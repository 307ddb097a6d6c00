package dev.goj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class NotifyListTest {
  @Test
  void notifyOneWakesTicketsInOrder() throws Exception {
    NotifyList l = new NotifyList();
    List<Integer> woke = new CopyOnWriteArrayList<>();
    Thread[] ts = new Thread[4];
    for (int i = 0; i < ts.length; i++) {
      int t = l.add();
      int id = i;
      ts[i] = Thread.ofPlatform().start(() -> {
        l.await(t, WaitReason.SYNC_COND_WAIT);
        woke.add(id);
      });
      SemaTest.awaitReason(ts[i]);
    }
    for (int i = 0; i < ts.length; i++) {
      l.notifyOne();
      ts[i].join(10_000);
      assertFalse(ts[i].isAlive());
    }
    assertEquals(List.of(0, 1, 2, 3), woke);
  }

  @Test
  void notifyBeforeWaitIsNotLost() {
    NotifyList l = new NotifyList();
    int t = l.add();
    l.notifyOne();
    l.await(t, WaitReason.SYNC_COND_WAIT); // returns at once: ticket already notified
    int t2 = l.add();
    int t3 = l.add();
    l.notifyAllWaiters();
    l.await(t2, WaitReason.SYNC_COND_WAIT);
    l.await(t3, WaitReason.SYNC_COND_WAIT);
  }

  @Test
  void notifyAllWakesEveryWaiter() throws Exception {
    NotifyList l = new NotifyList();
    Thread[] ts = new Thread[10];
    for (int i = 0; i < ts.length; i++) {
      int t = l.add();
      ts[i] = Thread.ofVirtual().start(() -> l.await(t, WaitReason.SYNC_COND_WAIT));
    }
    for (Thread t : ts) {
      SemaTest.awaitReason(t);
    }
    l.notifyAllWaiters();
    for (Thread t : ts) {
      t.join(10_000);
      assertFalse(t.isAlive());
    }
  }
}
