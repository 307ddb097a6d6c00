package dev.goj.context;

import static dev.goj.context.TestContexts.VERY_LONG;
import static dev.goj.context.TestContexts.isDone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goj.chan.Chan;
import dev.goj.chan.RecvChan;
import dev.goj.chan.Select;
import dev.goj.runtime.Go;
import dev.goj.time.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** goj's own guarantees beyond Go's tests: channels, unlinking, timers, deadlines, toString. */
@Timeout(60)
class ContextBehaviorTest {

  @Test
  void doneWorksInSelect() {
    CancelContext ctx = Context.withCancel(Context.background());
    Chan<Integer> work = Chan.make();
    Chan<Void> exited = Chan.make();
    Go.go(() -> {
      boolean[] stop = {false};
      for (int i = 0; !stop[0]; i++) {
        Select.of()
            .send(work, i, null)
            .recv(ctx.done(), (Consumer<Void>) x -> stop[0] = true)
            .run();
      }
      exited.close();
    });
    assertEquals(0, work.recv());
    assertEquals(1, work.recv());
    ctx.cancel();
    exited.recv(); // with nobody receiving, only the done case can proceed
    assertTrue(isDone(ctx));
  }

  @Test
  void rangingOverDoneEndsAtCancel() {
    CancelContext ctx = Context.withCancel(Context.background());
    AtomicInteger seen = new AtomicInteger();
    Chan<Void> finished = Chan.make();
    Go.go(() -> {
      for (Void v : ctx.done()) {
        seen.incrementAndGet();
      }
      finished.close();
    });
    ctx.cancel();
    finished.recv();
    assertEquals(0, seen.get(), "a done channel carries no values, it only closes");
  }

  @Test
  void doneIsClosedOnceAndStaysTheSame() {
    CancelContext ctx = Context.withCancel(Context.background());
    RecvChan<Void> d = ctx.done();
    assertSame(d, ctx.done());
    ctx.cancel();
    ctx.cancel(); // later cancels do nothing (a second close would panic)
    assertSame(d, ctx.done());
    assertFalse(d.recvOk().ok());

    CancelContext early = Context.withCancel(Context.background());
    early.cancel();
    assertSame(CancelCtx.CLOSED, early.done(), "cancelled before anyone asked: the shared closed channel");
  }

  @Test
  void closeCancels() {
    CancelContext ctx;
    try (CancelContext c = Context.withCancel(Context.background())) {
      ctx = c;
      assertNull(c.err());
    }
    assertSame(Context.CANCELED, ctx.err());
    assertTrue(isDone(ctx));
  }

  @Test
  void uncancellableContextsShareANeverClosingChannel() {
    Context bg = Context.background();
    Context v = Context.withValue(Context.withoutCancel(Context.withCancel(bg)), "k", "v");
    for (Context c : new Context[] {bg, Context.todo(), Context.withoutCancel(bg), v}) {
      assertSame(Chan.nil(), c.done(), c.toString());
      assertFalse(isDone(c));
    }
  }

  @Test
  void aMillionShortLivedChildrenLeaveNothingBehind() {
    CancelContext parent = Context.withCancel(Context.background());
    Context valued = Context.withValue(parent, "k", "v");
    for (int i = 0; i < 1_000_000; i++) {
      CancelContext child = Context.withCancel(i % 2 == 0 ? parent : valued);
      if (i % 4 < 2) {
        child.done(); // observed: linked, so its cancel has something to undo
      }
      child.cancel();
    }
    assertEquals(0, ((CancelCtx) parent).childCount());
    // Interleaved lifetimes: unlinking from the middle, the head and the tail of the list.
    CancelContext[] live = new CancelContext[1000];
    for (int i = 0; i < live.length; i++) {
      live[i] = Context.withCancel(parent);
      live[i].done();
    }
    assertEquals(live.length, ((CancelCtx) parent).childCount());
    for (int i = 0; i < live.length; i += 3) {
      live[i].cancel();
    }
    for (int i = live.length - 1; i >= 0; i--) {
      live[i].cancel();
    }
    assertEquals(0, ((CancelCtx) parent).childCount());
    assertNull(parent.err());
  }

  @Test
  void unobservedChildrenInheritTheParentsCancel() {
    CancelCauseContext p = Context.withCancelCause(Context.background());
    CancelContext c1 = Context.withCancel(p);
    CancelContext c2 = Context.withCancel(Context.withValue(c1, "k", "v"));
    CancelCauseContext c3 = Context.withCancelCause(c2);
    assertEquals(0, ((CancelCtx) p).childCount(), "nothing observed yet: nothing linked");
    RuntimeException why = new RuntimeException("why");
    p.cancel(why);
    c3.cancel(new RuntimeException("too late")); // Go: already cancelled by the parent
    for (Context c : new Context[] {c3, c2, c1}) {
      assertSame(Context.CANCELED, c.err(), c.toString());
      assertSame(why, Context.cause(c));
      assertTrue(isDone(c));
    }
    CancelContext born = Context.withCancel(c3);
    assertSame(why, Context.cause(born), "a child of a cancelled context is born cancelled");
    assertTrue(isDone(born));
  }

  @Test
  void observingADeepChildLinksEveryAncestor() {
    CancelContext root = Context.withCancel(Context.background());
    CancelContext[] chain = new CancelContext[50];
    Context c = root;
    for (int i = 0; i < chain.length; i++) {
      chain[i] = Context.withCancel(c);
      c = chain[i];
    }
    RecvChan<Void> d = chain[chain.length - 1].done();
    assertEquals(1, ((CancelCtx) root).childCount());
    for (int i = 0; i < chain.length - 1; i++) {
      assertEquals(1, ((CancelCtx) chain[i]).childCount(), "link " + i);
    }
    Chan<Void> woke = Chan.make();
    Go.go(() -> {
      d.recv();
      woke.close();
    });
    root.cancel();
    woke.recv();
    chain[10].cancel();
    assertEquals(0, ((CancelCtx) chain[9]).childCount(), "cancelled children are all unlinked");
  }

  @Test
  void aTimeoutParentExpiringReachesUnobservedChildren() {
    CancelContext t = Context.withTimeoutCause(Context.background(), Duration.ofMillis(2), new RuntimeException("slow"));
    CancelContext child = Context.withCancel(t);
    t.done().recv();
    assertSame(Context.DEADLINE_EXCEEDED, child.err());
    assertEquals("slow", Context.cause(child).getMessage());
  }

  @Test
  void cancellingEarlyStopsTheTimer() {
    TimerCtx ctx = (TimerCtx) Context.withTimeout(Context.background(), VERY_LONG);
    Timer t = timerOf(ctx);
    assertTrue(t.toString().contains("pending"), t.toString());
    ctx.cancel();
    assertFalse(t.stop(), "the cancel already stopped the timer");
    assertNull(timerOf(ctx));

    // Cancelled through the parent: the child's timer goes too.
    CancelContext parent = Context.withCancel(Context.background());
    TimerCtx child = (TimerCtx) Context.withTimeout(parent, VERY_LONG);
    Timer ct = timerOf(child);
    parent.cancel();
    assertFalse(ct.stop());
    assertSame(Context.CANCELED, child.err());
  }

  private static Timer timerOf(TimerCtx c) {
    synchronized (c) {
      return c.timer;
    }
  }

  @Test
  void pastDeadlinesExpireBeforeTheCallReturns() {
    for (CancelContext c : new CancelContext[] {
        Context.withTimeout(Context.background(), Duration.ZERO),
        Context.withTimeout(Context.background(), Duration.ofSeconds(-5)),
        Context.withDeadline(Context.background(), Instant.now().minusSeconds(1)),
        Context.withDeadline(Context.background(), Instant.EPOCH)}) {
      assertSame(Context.DEADLINE_EXCEEDED, c.err(), c.toString());
      assertTrue(isDone(c));
      assertNull(timerOf((TimerCtx) c), "no timer for a deadline already past");
      c.cancel();
      assertSame(Context.DEADLINE_EXCEEDED, c.err(), "a later cancel changes nothing");
    }
  }

  @Test
  void deadlineIsTheGivenInstantOrTheParentsIfEarlier() {
    Instant d = Instant.now().plus(Duration.ofHours(1)).plusNanos(123);
    CancelContext c = Context.withDeadline(Context.background(), d);
    assertEquals(Optional.of(d), c.deadline());
    assertEquals(Optional.of(d), Context.withValue(c, "k", "v").deadline());
    assertEquals(Optional.of(d), Context.withCancel(c).deadline());

    CancelContext later = Context.withDeadline(c, d.plusSeconds(60));
    assertEquals(Optional.of(d), later.deadline(), "never later than the parent's");
    assertInstanceOf(CancelCtx.class, later);
    assertFalse(later instanceof TimerCtx, "the parent's timer serves: no timer of its own");

    Instant earlier = d.minusSeconds(60);
    assertEquals(Optional.of(earlier), Context.withDeadline(c, earlier).deadline());
    assertEquals(Optional.empty(), Context.withoutCancel(c).deadline());
    assertEquals(Optional.empty(), Context.withCancel(Context.background()).deadline());

    CancelContext huge = Context.withTimeout(Context.background(), Duration.ofSeconds(Long.MAX_VALUE));
    assertEquals(Optional.of(Instant.MAX), huge.deadline(), "saturates instead of overflowing");
    assertNull(huge.err());
    huge.cancel();
  }

  @Test
  void timeoutFiresWithDeadlineExceededAndUnlinks() {
    CancelContext parent = Context.withCancel(Context.background());
    CancelContext c = Context.withTimeout(parent, Duration.ofMillis(5));
    c.done().recv();
    assertSame(Context.DEADLINE_EXCEEDED, c.err());
    assertSame(Context.DEADLINE_EXCEEDED, Context.cause(c));
    // The expiring goroutine unlinks the child just after closing done: wait for it.
    while (((CancelCtx) parent).childCount() != 0) {
      Go.gosched();
    }
    assertNull(parent.err());
  }

  @Test
  void toStringFollowsGo() {
    Context bg = Context.background();
    assertEquals("context.Background.WithCancel", Context.withCancel(bg).toString());
    assertEquals("context.TODO.WithCancel", Context.withCancelCause(Context.todo()).toString());
    assertEquals("context.Background.WithValue(k, <nil>)", Context.withValue(bg, "k", null).toString());
    assertEquals("context.Background.WithoutCancel", Context.withoutCancel(bg).toString());
    String s = Context.withDeadline(Context.withValue(bg, "a", 1), Instant.parse("2999-01-02T03:04:05Z")).toString();
    assertTrue(s.matches("context\\.Background\\.WithValue\\(a, 1\\)\\.WithDeadline\\(2999-01-02T03:04:05Z \\[\\d+h\\d+m[\\d.]+s]\\)"), s);
    String past = Context.withDeadline(bg, Instant.parse("2000-01-01T00:00:00Z")).toString();
    assertTrue(past.matches("context\\.Background\\.WithDeadline\\(2000-01-01T00:00:00Z \\[-\\d+h\\d+m[\\d.]+s]\\)"), past);
  }

  @Test
  void goDurationFormat() {
    assertEquals("0s", TimerCtx.goDuration(Duration.ZERO));
    assertEquals("1ns", TimerCtx.goDuration(Duration.ofNanos(1)));
    assertEquals("1.1µs", TimerCtx.goDuration(Duration.ofNanos(1100)));
    assertEquals("2.2ms", TimerCtx.goDuration(Duration.ofNanos(2_200_000)));
    assertEquals("3.3s", TimerCtx.goDuration(Duration.ofMillis(3300)));
    assertEquals("4m5s", TimerCtx.goDuration(Duration.ofSeconds(245)));
    assertEquals("4m5.001s", TimerCtx.goDuration(Duration.ofMillis(245_001)));
    assertEquals("5h6m7.008009s", TimerCtx.goDuration(Duration.ofNanos(18_367_008_009_000L)));
    assertEquals("1h0m0s", TimerCtx.goDuration(Duration.ofHours(1)));
    assertEquals("-1.5s", TimerCtx.goDuration(Duration.ofMillis(-1500)));
    assertEquals("2562047h47m16.854775807s", TimerCtx.goDuration(Duration.ofSeconds(Long.MAX_VALUE)));
    assertEquals("-2562047h47m16.854775808s", TimerCtx.goDuration(Duration.ofSeconds(Long.MIN_VALUE)));
  }

  @Test
  void valueLookupMatchesGosChainWalk() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    for (int round = 0; round < 200; round++) {
      // The model: every binding made so far, nearest last; Go's walk finds the last equal key.
      List<Object[]> bindings = new ArrayList<>();
      Context c = Context.background();
      int depth = 1 + r.nextInt(3 * ValueCtx.SEGMENT + 5);
      for (int i = 0; i < depth; i++) {
        switch (r.nextInt(6)) {
          case 0 -> c = Context.withCancel(c);
          case 1 -> c = Context.withoutCancel(c);
          case 2 -> c = new TestContexts.OtherContext(c);
          default -> {
            // A small pool: keys repeat and shadow; Collide keys share two hash values, so index
            // probes run past unequal keys.
            int kv = r.nextInt(6);
            Object k = r.nextBoolean() ? new Key2(kv) : new Collide(kv);
            Object v = r.nextBoolean() ? null : "v" + i;
            c = Context.withValue(c, k, v);
            bindings.add(new Object[] {k, v});
          }
        }
      }
      for (int k = 0; k < 14; k++) {
        Object key = k < 7 ? new Key2(k) : new Collide(k - 7);
        Object want = null;
        for (Object[] b : bindings) {
          if (b[0].equals(key)) {
            want = b[1];
          }
        }
        assertEquals(want, c.value(key), "seed=" + seed + " round " + round + " key " + key + " in " + c);
      }
      assertNull(c.value(null));
    }
  }

  record Key2(int v) {}

  record Collide(int v) {
    @Override
    public int hashCode() {
      return v & 1;
    }
  }

  @Test
  void cancelCascadesThroughValuesAndDeepTrees() {
    CancelCauseContext root = Context.withCancelCause(Context.background());
    RuntimeException why = new RuntimeException("why");
    Context c = root;
    CancelContext[] chain = new CancelContext[200];
    for (int i = 0; i < chain.length; i++) {
      c = Context.withValue(c, i, i);
      chain[i] = i % 2 == 0 ? Context.withCancel(c) : Context.withTimeout(c, VERY_LONG);
      c = chain[i];
    }
    root.cancel(why);
    for (CancelContext x : chain) {
      assertSame(Context.CANCELED, x.err());
      assertSame(why, Context.cause(x));
      assertTrue(isDone(x));
    }
    assertEquals(0, c.value(0));
  }
}
