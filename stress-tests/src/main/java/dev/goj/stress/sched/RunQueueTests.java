package dev.goj.stress.sched;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.goj.runtime.internal.RuntimeMutex;
import dev.goj.runtime.sched.GlobalRunQueue;
import dev.goj.runtime.sched.RunQueue;
import java.util.IdentityHashMap;
import java.util.Map;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * runtime/proc.go's run queue (runqput, runqget, runqgrab, runqsteal, runqputslow): the owner's
 * puts and gets race a thief's steal, and every goroutine is taken exactly once, never lost or
 * duplicated. The arbiter drains what is left and counts.
 */
public final class RunQueueTests {
  private RunQueueTests() {}

  /** A goroutine stand-in. */
  static final class Item implements Runnable {
    @Override
    public void run() {}
  }

  /** A run queue with its global queue, the thief's own queue, and a tally of who got what. */
  abstract static class Base {
    final RuntimeMutex lock = new RuntimeMutex();
    final GlobalRunQueue global = new GlobalRunQueue(lock);
    final RunQueue owner = new RunQueue(global);
    final RunQueue thief = new RunQueue(global);
    final Runnable[] items;
    Runnable ownerGot1;
    Runnable ownerGot2;
    Runnable thiefGot;

    Base(int n) {
      items = new Runnable[n];
      for (int i = 0; i < n; i++) {
        items[i] = new Item(); // distinct objects (a non-capturing lambda would be one shared instance)
      }
    }

    /** r1: items found exactly once; r2: items found more than once or not at all. */
    void tally(II_Result r) {
      Map<Runnable, Integer> count = new IdentityHashMap<>();
      add(count, ownerGot1);
      add(count, ownerGot2);
      add(count, thiefGot);
      for (Runnable g; (g = owner.get()) != null; ) {
        add(count, g);
      }
      for (Runnable g; (g = thief.get()) != null; ) {
        add(count, g);
      }
      lock.lock();
      for (Runnable g; (g = global.pop()) != null; ) {
        add(count, g);
      }
      lock.unlock();
      int once = 0;
      int bad = 0;
      for (Runnable it : items) {
        Integer c = count.remove(it);
        if (c != null && c == 1) {
          once++;
        } else {
          bad++;
        }
      }
      r.r1 = once;
      r.r2 = bad + count.size(); // anything else found is a phantom
    }

    private static void add(Map<Runnable, Integer> count, Runnable g) {
      if (g != null) {
        count.merge(g, 1, Integer::sum);
      }
    }
  }

  /** The owner puts three and gets one while a thief steals half. */
  @JCStressTest
  @Outcome(id = "3, 0", expect = ACCEPTABLE, desc = "each goroutine taken exactly once")
  @Outcome(expect = FORBIDDEN, desc = "a goroutine was lost or taken twice")
  @State
  public static class PutGetVsSteal extends Base {
    public PutGetVsSteal() {
      super(3);
    }

    @Actor
    public void owner() {
      owner.put(items[0], false);
      owner.put(items[1], false);
      owner.put(items[2], false);
      ownerGot1 = owner.get();
    }

    @Actor
    public void thief() {
      thiefGot = thief.steal(owner, false);
    }

    @Arbiter
    public void arbiter(II_Result r) {
      tally(r);
    }
  }

  /** Four queued: the owner's two gets race a steal of half the ring (the head CAS decides). */
  @JCStressTest
  @Outcome(id = "4, 0", expect = ACCEPTABLE, desc = "each goroutine taken exactly once")
  @Outcome(expect = FORBIDDEN, desc = "a goroutine was lost or taken twice")
  @State
  public static class GetsVsSteal extends Base {
    public GetsVsSteal() {
      super(4);
      for (Runnable it : items) {
        owner.put(it, false);
      }
    }

    @Actor
    public void owner() {
      ownerGot1 = owner.get();
      ownerGot2 = owner.get();
    }

    @Actor
    public void thief() {
      thiefGot = thief.steal(owner, true);
    }

    @Arbiter
    public void arbiter(II_Result r) {
      tally(r);
    }
  }

  /** A goroutine in runnext: the owner's runqget and a thief's last-round steal, one wins. */
  @JCStressTest
  @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "the owner ran it")
  @Outcome(id = "false, true", expect = ACCEPTABLE, desc = "the thief stole runnext")
  @Outcome(expect = FORBIDDEN, desc = "runnext lost or run twice")
  @State
  public static class RunnextOwnerVsThief extends Base {
    public RunnextOwnerVsThief() {
      super(1);
      owner.put(items[0], true);
    }

    @Actor
    public void owner(ZZ_Result r) {
      r.r1 = owner.get() == items[0];
    }

    @Actor
    public void thief(ZZ_Result r) {
      r.r2 = thief.steal(owner, true) == items[0];
    }
  }

  /**
   * A new runnext kicks the old one to the ring (goready on a busy P) while a thief steals with
   * runnext allowed: both goroutines are found exactly once.
   */
  @JCStressTest
  @Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "each goroutine taken exactly once")
  @Outcome(expect = FORBIDDEN, desc = "a goroutine was lost or taken twice")
  @State
  public static class RunnextKickVsSteal extends Base {
    public RunnextKickVsSteal() {
      super(2);
      owner.put(items[0], true);
    }

    @Actor
    public void owner() {
      owner.put(items[1], true);
    }

    @Actor
    public void thief() {
      thiefGot = thief.steal(owner, true);
    }

    @Arbiter
    public void arbiter(II_Result r) {
      tally(r);
    }
  }

  /**
   * A full ring overflows (runqputslow moves half and the new one to the global queue) while a
   * thief steals half: the head CAS lets only one of them have each goroutine.
   */
  @JCStressTest
  @Outcome(id = "257, 0", expect = ACCEPTABLE, desc = "each goroutine taken exactly once")
  @Outcome(expect = FORBIDDEN, desc = "a goroutine was lost or taken twice")
  @State
  public static class OverflowVsSteal extends Base {
    public OverflowVsSteal() {
      super(RunQueue.SIZE + 1);
      for (int i = 0; i < RunQueue.SIZE; i++) {
        owner.put(items[i], false);
      }
    }

    @Actor
    public void owner() {
      owner.put(items[RunQueue.SIZE], false);
    }

    @Actor
    public void thief() {
      thiefGot = thief.steal(owner, false);
    }

    @Arbiter
    public void arbiter(II_Result r) {
      tally(r);
    }
  }
}
