package dev.goj.stress.context;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.goj.chan.RecvChan;
import dev.goj.chan.Select;
import dev.goj.context.CancelCauseContext;
import dev.goj.context.CancelContext;
import dev.goj.context.Context;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IZ_Result;
import org.openjdk.jcstress.infra.results.ZZZZ_Result;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * context/context.go races: a child derived while its parent is cancelled, cancels racing each
 * other, the err/cause/done publication order, AfterFunc's stop against cancel, a deadline against
 * cancel. Each test states the outcome Go guarantees; anything else is FORBIDDEN.
 */
public final class ContextTests {
  private ContextTests() {}

  static final RuntimeException A = new RuntimeException("cause A");
  static final RuntimeException B = new RuntimeException("cause B");

  /** Whether a done channel is closed, without blocking. */
  static boolean closed(RecvChan<Void> d) {
    return Select.of().recv(d, (Consumer<Void>) null).defaultCase(null).run() == 0;
  }

  /** Cancelled with CANCELED and {@code cause}, done channel closed. */
  static boolean cancelledWith(Context c, Throwable cause) {
    return c.err() == Context.CANCELED && Context.cause(c) == cause && closed(c.done());
  }

  /**
   * A parent is cancelled while children are derived from it: one observed at once (its done()
   * links it into the parent), one through a value and never observed until the arbiter looks, one
   * with a deadline (linked at once), one derived from the observed child. Whichever comes first,
   * each ends cancelled with the parent's cause and a closed done channel.
   */
  @JCStressTest
  @Outcome(id = "true, true, true, true", expect = ACCEPTABLE, desc = "every child cancelled with the parent's cause")
  @Outcome(expect = FORBIDDEN, desc = "a child missed its parent's cancel")
  @State
  public static class CancelRacesChildCreation {
    final CancelCauseContext parent = Context.withCancelCause(Context.background());
    final Context valued = Context.withValue(parent, "k", "v");
    CancelContext observed;
    CancelContext lazy;
    CancelContext timed;
    CancelContext grandchild;

    @Actor
    public void cancel() {
      parent.cancel(A);
    }

    @Actor
    public void derive() {
      observed = Context.withCancel(parent);
      observed.done();
      lazy = Context.withCancel(valued);
      timed = Context.withTimeout(parent, Duration.ofHours(1));
      grandchild = Context.withCancel(observed);
    }

    @Arbiter
    public void check(ZZZZ_Result r) {
      r.r1 = cancelledWith(observed, A);
      r.r2 = cancelledWith(lazy, A);
      r.r3 = cancelledWith(timed, A);
      r.r4 = cancelledWith(grandchild, A) && childCount(parent) == 0 && childCount(observed) == 0;
      timed.cancel();
    }
  }

  /**
   * A child's first done() (which links it into its parent) races its own cancel: the channel
   * handed out is closed, the cause is the child's own, and the child is not left in its parent's
   * list whichever way the race went.
   */
  @JCStressTest
  @Outcome(id = "true, true", expect = ACCEPTABLE, desc = "cancelled, closed, not left linked")
  @Outcome(expect = FORBIDDEN, desc = "left linked in the parent, or the done channel stayed open")
  @State
  public static class LinkRacesOwnCancel {
    final CancelContext parent = Context.withCancel(Context.background());
    final CancelCauseContext child = Context.withCancelCause(parent);
    RecvChan<Void> done;

    @Actor
    public void observe() {
      done = child.done();
    }

    @Actor
    public void cancel() {
      child.cancel(B);
    }

    @Arbiter
    public void check(ZZ_Result r) {
      r.r1 = cancelledWith(child, B) && closed(done);
      r.r2 = childCount(parent) == 0 && parent.err() == null;
    }
  }

  private static final Method CHILD_COUNT = childCountMethod();

  /**
   * CancelCtx.childCount(), a package-private diagnostic: the stress jar runs on the class path,
   * where core reflection may open it.
   */
  private static Method childCountMethod() {
    try {
      Method m = Class.forName("dev.goj.context.CancelCtx").getDeclaredMethod("childCount");
      m.setAccessible(true);
      return m;
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static int childCount(Context c) {
    try {
      return (int) CHILD_COUNT.invoke(c);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Two cancels of one context with different causes: exactly one cause wins, err and cause agree,
   * the child inherits that cause, and the done channel is closed once (a second close would throw).
   */
  @JCStressTest
  @Outcome(id = "1, true", expect = ACCEPTABLE, desc = "cause A won")
  @Outcome(id = "2, true", expect = ACCEPTABLE, desc = "cause B won")
  @Outcome(expect = FORBIDDEN, desc = "no single winner, or inconsistent err/cause/done")
  @State
  public static class TwoCancelsRace {
    final CancelCauseContext ctx = Context.withCancelCause(Context.background());
    final CancelContext child = Context.withCancel(ctx);
    final RecvChan<Void> done = ctx.done();

    @Actor
    public void a() {
      ctx.cancel(A);
    }

    @Actor
    public void b() {
      ctx.cancel(B);
    }

    @Arbiter
    public void check(IZ_Result r) {
      Throwable c = Context.cause(ctx);
      r.r1 = c == A ? 1 : c == B ? 2 : 0;
      r.r2 = cancelledWith(ctx, c) && cancelledWith(child, c) && closed(done);
    }
  }

  /**
   * A parent and its child are cancelled at once (the cascade down against the child unlinking
   * itself up, the two lock orders Go allows): the child gets one of the two causes, the parent
   * keeps its own, nothing deadlocks.
   */
  @JCStressTest
  @Outcome(id = "1, true", expect = ACCEPTABLE, desc = "the parent's cancel reached the child first")
  @Outcome(id = "2, true", expect = ACCEPTABLE, desc = "the child's own cancel came first")
  @Outcome(expect = FORBIDDEN, desc = "inconsistent causes")
  @State
  public static class ParentAndChildCancelRace {
    final CancelCauseContext parent = Context.withCancelCause(Context.background());
    final CancelCauseContext child = Context.withCancelCause(parent);
    final CancelContext grandchild = Context.withCancel(child);

    @Actor
    public void cancelParent() {
      parent.cancel(A);
    }

    @Actor
    public void cancelChild() {
      child.cancel(B);
    }

    @Arbiter
    public void check(IZ_Result r) {
      Throwable c = Context.cause(child);
      r.r1 = c == A ? 1 : c == B ? 2 : 0;
      r.r2 = cancelledWith(parent, A) && cancelledWith(child, c) && cancelledWith(grandchild, c);
    }
  }

  /**
   * The first done() (which makes the channel) races the cancel: the channel handed out is closed,
   * done() keeps returning that same channel, and it was closed once (a second close would throw).
   */
  @JCStressTest
  @Outcome(id = "true, true", expect = ACCEPTABLE, desc = "closed, and the same channel afterwards")
  @Outcome(expect = FORBIDDEN, desc = "an open or a different done channel")
  @State
  public static class DoneRacesCancel {
    final CancelContext ctx = Context.withCancel(Context.background());
    RecvChan<Void> done;

    @Actor
    public void observe() {
      done = ctx.done();
    }

    @Actor
    public void cancel() {
      ctx.cancel();
    }

    @Arbiter
    public void check(ZZ_Result r) {
      r.r1 = closed(done) && ctx.err() == Context.CANCELED;
      r.r2 = ctx.done() == done;
    }
  }

  /** A reader that sees err set also sees the cause (err is published after the cause). */
  @JCStressTest
  @Outcome(id = "false, false", expect = ACCEPTABLE, desc = "read before the cancel")
  @Outcome(id = "false, true", expect = ACCEPTABLE, desc = "the cancel landed between the two reads")
  @Outcome(id = "true, true", expect = ACCEPTABLE, desc = "read after the cancel")
  @Outcome(id = "true, false", expect = FORBIDDEN, desc = "err visible without its cause")
  @State
  public static class ErrThenCause {
    final CancelCauseContext ctx = Context.withCancelCause(Context.background());

    @Actor
    public void cancel() {
      ctx.cancel(A);
    }

    @Actor
    public void read(ZZ_Result r) {
      r.r1 = ctx.err() != null;
      r.r2 = Context.cause(ctx) == A;
    }
  }

  /**
   * A receiver blocked on done() wakes when the context is cancelled (no lost wake-up) and then
   * sees err and cause.
   */
  @JCStressTest
  @Outcome(id = "true, true", expect = ACCEPTABLE, desc = "woke, err and cause visible")
  @Outcome(expect = FORBIDDEN, desc = "woke without err or cause")
  @State
  public static class DoneThenErr {
    final CancelCauseContext ctx = Context.withCancelCause(Context.background());

    @Actor
    public void cancel() {
      ctx.cancel(A);
    }

    @Actor
    public void await(ZZ_Result r) {
      ctx.done().recv();
      r.r1 = ctx.err() == Context.CANCELED;
      r.r2 = Context.cause(ctx) == A;
    }
  }

  /**
   * AfterFunc's stop against the context's cancel: f runs (in its own goroutine) exactly when stop
   * returns false. The arbiter waits for f only in that case; if f ran anyway after a successful
   * stop, the count would show it.
   */
  @JCStressTest
  @Outcome(id = "1, false", expect = ACCEPTABLE, desc = "cancel first: f ran, stop returned false")
  @Outcome(id = "0, true", expect = ACCEPTABLE, desc = "stop first: f never started")
  @Outcome(expect = FORBIDDEN, desc = "f ran despite stop, or did not run although stop failed")
  @State
  public static class AfterFuncStopRacesCancelVirtual {
    final CancelContext ctx = Context.withCancel(Context.background());
    final AtomicInteger runs = new AtomicInteger();
    final CountDownLatch ran = new CountDownLatch(1);
    final BooleanSupplier stop = Context.afterFunc(ctx, () -> {
      runs.incrementAndGet();
      ran.countDown();
    });
    boolean stopped;

    @Actor
    public void stop() {
      stopped = stop.getAsBoolean();
    }

    @Actor
    public void cancel() {
      ctx.cancel();
    }

    @Arbiter
    public void check(IZ_Result r) {
      if (!stopped) {
        // f must run: a hang here is a lost AfterFunc, which jcstress reports.
        try {
          ran.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      r.r1 = runs.get();
      r.r2 = stopped;
    }
  }

  /**
   * A deadline expiring (its cancel runs in a goroutine) against an explicit cancel: one wins, and
   * err and cause agree with the winner.
   */
  @JCStressTest
  @Outcome(id = "1, true", expect = ACCEPTABLE, desc = "cancelled first")
  @Outcome(id = "2, true", expect = ACCEPTABLE, desc = "deadline first")
  @Outcome(expect = FORBIDDEN, desc = "err and cause disagree")
  @State
  public static class DeadlineRacesCancelVirtual {
    final CancelContext ctx = Context.withTimeoutCause(Context.background(), Duration.ofNanos(1_000), B);

    @Actor
    public void cancel() {
      ctx.cancel();
    }

    @Actor
    public void await(IZ_Result r) {
      ctx.done().recv();
      RuntimeException e = ctx.err();
      Throwable c = Context.cause(ctx);
      r.r1 = e == Context.CANCELED ? 1 : e == Context.DEADLINE_EXCEEDED ? 2 : 0;
      r.r2 = e == Context.CANCELED ? c == Context.CANCELED : c == B;
    }
  }
}
