package dev.goj.stress.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.goj.chan.Chan;
import dev.goj.chan.Select;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

/** runtime/select.go invariants: exactly one case commits per select, nothing is lost. */
public final class SelectTests {
  private SelectTests() {}

  /**
   * Two selects race over the same two one-value channels: each takes exactly one value, the two
   * values differ, and both channels end empty.
   */
  @JCStressTest
  @Outcome(id = {"1, 2, 0", "2, 1, 0"}, expect = ACCEPTABLE, desc = "one value each, both consumed")
  @Outcome(expect = FORBIDDEN, desc = "a value taken twice, lost, or a select committed two cases")
  @State
  public static class TwoSelectsTwoChannels {
    final Chan<Integer> a = Chan.make(1);
    final Chan<Integer> b = Chan.make(1);

    {
      a.send(1);
      b.send(2);
    }

    private int take() {
      int[] got = {0};
      Select.of().recv(a, v -> got[0] += v).recv(b, v -> got[0] += v).run();
      return got[0];
    }

    @Actor
    public void s1(III_Result r) {
      r.r1 = take();
    }

    @Actor
    public void s2(III_Result r) {
      r.r2 = take();
    }

    @Arbiter
    public void check(III_Result r) {
      r.r3 = a.len() + b.len();
    }
  }

  /**
   * A select over a buffered channel that is sent to and then closed, and one that never gets a
   * value, races the send and the close (its lock-free first pass against close's claim wait):
   * it must receive the value, never "closed" first, and leave the channel drained.
   */
  @JCStressTest
  @Outcome(id = "7, 0", expect = ACCEPTABLE, desc = "the value sent before the close")
  @Outcome(expect = FORBIDDEN, desc = "closed seen before the value, or the value left behind")
  @State
  public static class SelectRecvRacesSendClose {
    final Chan<Integer> c = Chan.make(1);
    final Chan<Integer> never = Chan.make(1);

    @Actor
    public void sender() {
      c.send(7);
      c.close();
    }

    @Actor
    public void selector(II_Result r) {
      int[] got = {0};
      Select.of()
          .recv(c, (Integer v, Boolean ok) -> got[0] = ok ? v : -1)
          .recv(never, v -> got[0] = -2)
          .run();
      r.r1 = got[0];
    }

    @Arbiter
    public void check(II_Result r) {
      r.r2 = c.len();
    }
  }

  /**
   * Crossed unbuffered selects: one offers a send on {@code a} or a receive on {@code b}, the other a
   * send on {@code b} or a receive on {@code a}. Exactly one hand-off happens: one side sends, the
   * other receives that value; a select that is already parked is claimed by exactly one waker.
   */
  @JCStressTest
  @Outcome(id = {"0, 0, 1, 1", "1, 2, 0, 0"}, expect = ACCEPTABLE, desc = "one hand-off, one case each")
  @Outcome(expect = FORBIDDEN, desc = "both sent, both received, or a value was lost")
  @State
  public static class CrossedSelects {
    final Chan<Integer> a = Chan.make();
    final Chan<Integer> b = Chan.make();

    @Actor
    public void s1(IIII_Result r) {
      int[] got = {0};
      r.r1 = Select.of().send(a, 1, null).recv(b, v -> got[0] = v).run();
      r.r2 = got[0];
    }

    @Actor
    public void s2(IIII_Result r) {
      int[] got = {0};
      r.r3 = Select.of().send(b, 2, null).recv(a, v -> got[0] = v).run();
      r.r4 = got[0];
    }
  }

  /**
   * A plain receive on an unbuffered channel races a select that offers a send on it (and a receive
   * on a channel nobody sends to). The receive may post its sudog in the channel's lock-free slot,
   * where the select's locked pass must find it, or queue behind the select's sudog, where the
   * receive's locked path must claim it. Either way the value arrives once, through the send case,
   * and no receiver is left behind on the other channel: a later non-blocking send there fails.
   */
  @JCStressTest
  @Outcome(id = "7, 0, 1", expect = ACCEPTABLE, desc = "received through the send case, nothing left behind")
  @Outcome(expect = FORBIDDEN, desc = "a lost or wrong value, the wrong case, or a leftover waiter")
  @State
  public static class SelectMeetsPlainReceiver {
    final Chan<Integer> c = Chan.make();
    final Chan<Integer> never = Chan.make();

    @Actor
    public void receiver(III_Result r) {
      r.r1 = c.recv();
    }

    @Actor
    public void selector(III_Result r) {
      r.r2 = Select.of().send(c, 7, null).recv(never, v -> { }).run();
    }

    @Arbiter
    public void check(III_Result r) {
      r.r3 = Select.of().send(never, 1, null).defaultCase(null).run();
    }
  }
}
