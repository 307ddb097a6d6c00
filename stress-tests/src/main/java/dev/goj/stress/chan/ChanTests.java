package dev.goj.stress.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.goj.chan.Chan;
import dev.goj.chan.Received;
import dev.goj.chan.Select;
import dev.goj.runtime.Go;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.I_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

/** runtime/chan.go invariants: values are conserved, FIFO holds, close is ordered after sends. */
public final class ChanTests {
  private ChanTests() {}

  /**
   * Two actors each send then receive on a one-slot channel: two senders and two receivers. Whoever
   * sends second blocks on the full buffer, so the first receive takes the head and refills the
   * buffer from the blocked sender (Go's recv). FIFO then gives each actor back its own value: a
   * value lost, duplicated or overtaken is a bug.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "each value received exactly once, in FIFO order")
  @Outcome(expect = FORBIDDEN, desc = "a value was lost, duplicated or reordered")
  @State
  public static class BufferedConserve {
    final Chan<Integer> c = Chan.make(1);

    @Actor
    public void a1(II_Result r) {
      c.send(1);
      r.r1 = c.recv();
    }

    @Actor
    public void a2(II_Result r) {
      c.send(2);
      r.r2 = c.recv();
    }
  }

  /**
   * Unbuffered: two goroutine senders and the two actors as receivers race for the hand-offs. Each
   * receiver gets one value and no value is received twice.
   */
  @JCStressTest
  @Outcome(id = {"1, 2", "2, 1"}, expect = ACCEPTABLE, desc = "each value received exactly once")
  @Outcome(expect = FORBIDDEN, desc = "a value was lost or duplicated")
  @State
  public static class UnbufferedConserveVirtual {
    final Chan<Integer> c = Chan.make();

    @Actor
    public void a1(II_Result r) {
      Go.go(() -> c.send(1));
      r.r1 = c.recv();
    }

    @Actor
    public void a2(II_Result r) {
      Go.go(() -> c.send(2));
      r.r2 = c.recv();
    }
  }

  /**
   * Unbuffered, platform threads only: the actors hand a value each way through two channels, so
   * each side queues and polls its park word (Chan.awaitPartner) or parks, and is readied by the
   * other. Both values arrive, exactly once.
   */
  @JCStressTest
  @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "both hand-offs delivered")
  @Outcome(expect = FORBIDDEN, desc = "a value was lost or a hand-off delivered the wrong value")
  @State
  public static class UnbufferedExchangePlatform {
    final Chan<Integer> ping = Chan.make();
    final Chan<Integer> pong = Chan.make();

    @Actor
    public void a1(II_Result r) {
      ping.send(1);
      r.r1 = pong.recv();
    }

    @Actor
    public void a2(II_Result r) {
      r.r2 = ping.recv();
      pong.send(2);
    }
  }

  /**
   * Unbuffered, platform threads: a close must end a queued receiver's or sender's wait, whether it
   * is still polling its park word (Chan.awaitPartner) or already parked. a1 closes d, which a2 may
   * be waiting on, then sends on c, where nobody receives, until a2 closes c: the receive reports
   * ok=false and the send panics, whatever the interleaving. Two actors, so it runs on 2 CPUs.
   */
  @JCStressTest
  @Outcome(id = "-1, 0", expect = ACCEPTABLE, desc = "the send panicked, the receive saw the close")
  @Outcome(expect = FORBIDDEN, desc = "a send with no receiver completed, or a receive on a closed channel got a value")
  @State
  public static class UnbufferedCloseEndsWaitPlatform {
    final Chan<Integer> c = Chan.make();
    final Chan<Integer> d = Chan.make();

    @Actor
    public void a1(II_Result r) {
      d.close();
      try {
        c.send(5);
        r.r1 = 1;
      } catch (IllegalStateException e) {
        r.r1 = -1;
      }
    }

    @Actor
    public void a2(II_Result r) {
      r.r2 = d.recvOk().ok() ? 1 : 0;
      c.close();
    }
  }

  /**
   * A send races a close on a one-slot channel: the send either completes before the close (and
   * its value is then received, ok) or panics; never both, never a lost value.
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "sent before the close, drained after it")
  @Outcome(id = "-1, 0", expect = ACCEPTABLE, desc = "closed first: the send panicked")
  @Outcome(expect = FORBIDDEN, desc = "a sent value was lost, or a panicking send delivered")
  @State
  public static class CloseRacesSend {
    final Chan<Integer> c = Chan.make(1);
    int sent;

    @Actor
    public void sender() {
      try {
        c.send(1);
        sent = 1;
      } catch (IllegalStateException e) {
        sent = "send on closed channel".equals(e.getMessage()) ? -1 : -2;
      }
    }

    @Actor
    public void closer() {
      c.close();
    }

    @Arbiter
    public void check(II_Result r) {
      r.r1 = sent;
      Received<Integer> got = c.recvOk();
      r.r2 = got.ok() ? got.value() : 0;
      if (c.recvOk().ok()) {
        r.r2 = 99; // a second value: something was duplicated
      }
    }
  }

  /**
   * A receiver that drains then blocks races a close: the buffered value always comes first
   * (ok = true), then ok = false; a receive blocked when the close runs is woken.
   */
  @JCStressTest
  @Outcome(id = "7, 1, 0, 0", expect = ACCEPTABLE, desc = "value, then closed")
  @Outcome(expect = FORBIDDEN, desc = "closed before the buffered value was received")
  @State
  public static class CloseRacesRecv {
    final Chan<Integer> c = Chan.make(1);

    {
      c.send(7);
    }

    @Actor
    public void receiver(IIII_Result r) {
      Received<Integer> a = c.recvOk();
      Received<Integer> b = c.recvOk();
      r.r1 = a.value() == null ? -1 : a.value();
      r.r2 = a.ok() ? 1 : 0;
      r.r3 = b.value() == null ? 0 : b.value();
      r.r4 = b.ok() ? 1 : 0;
    }

    @Actor
    public void closer() {
      c.close();
    }
  }

  /**
   * A blocking send on an unbuffered channel races a non-blocking receive (a select with default),
   * which may find the sender posted in the channel's lock-free slot (or queued) and take its value,
   * or find nobody and fall back to a blocking receive. The send completes once and its value
   * arrives once, whichever receive got it.
   */
  @JCStressTest
  @Outcome(id = "1, 5, 1", expect = ACCEPTABLE, desc = "the non-blocking receive met the waiting sender")
  @Outcome(id = "1, 5, 2", expect = ACCEPTABLE, desc = "no sender yet: the blocking receive got the value")
  @Outcome(expect = FORBIDDEN, desc = "a lost, duplicated or wrong value")
  @State
  public static class NonBlockingMeetsWaitingSender {
    final Chan<Integer> c = Chan.make();

    @Actor
    public void sender(III_Result r) {
      c.send(5);
      r.r1 = 1;
    }

    @Actor
    public void receiver(III_Result r) {
      int[] got = {0};
      if (Select.of().recv(c, v -> got[0] = v).defaultCase(null).run() == 0) {
        r.r3 = 1;
      } else {
        got[0] = c.recv();
        r.r3 = 2;
      }
      r.r2 = got[0];
    }
  }

  /**
   * The ring's Dekker pair, receiving side: a select queues its receive (setting the head flag)
   * while a lock-free send may hold its claim on the head slot, not yet filled. That send reads the
   * waiters word after its claim and may have missed the flag, so the queuer waits for the claim
   * and hands the value over itself. Select's pass 2 queues at once (a plain receive polls first),
   * which is what opens the race. A lost wake-up hangs the receiver.
   */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "the select received the value")
  @Outcome(expect = FORBIDDEN, desc = "a wrong value or the idle case")
  @State
  public static class SelectQueuesWhileSendClaims {
    final Chan<Integer> c = Chan.make(1);
    final Chan<Integer> never = Chan.make();

    @Actor
    public void sender() {
      c.send(1);
    }

    @Actor
    public void receiver(I_Result r) {
      int[] got = {0};
      Select.of().recv(c, v -> got[0] = v).recv(never, v -> got[0] = -1).run();
      r.r1 = got[0];
    }
  }

  /**
   * The sending side: a select queues its send on a full ring (setting the tail flag) while a
   * lock-free receive may hold its claim on that slot, not yet freed; the queuer waits for the
   * slot to be freed and refills it. FIFO: the receive gets the old value, the select's comes next.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "the old value, then the select's")
  @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or reordered")
  @State
  public static class SelectQueuesWhileRecvClaims {
    final Chan<Integer> c = Chan.make(1);
    final Chan<Integer> never = Chan.make();

    public SelectQueuesWhileRecvClaims() {
      c.send(1);
    }

    @Actor
    public void receiver(II_Result r) {
      r.r1 = c.recv();
    }

    @Actor
    public void sender() {
      Select.of().send(c, 2, null).recv(never, v -> { }).run();
    }

    @Arbiter
    public void after(II_Result r) {
      r.r2 = c.recv();
    }
  }
}
