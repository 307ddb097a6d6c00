package dev.goj.context;

import static dev.goj.context.TestContexts.SHORT;
import static dev.goj.context.TestContexts.VERY_LONG;
import static dev.goj.context.TestContexts.isDone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goj.chan.Chan;
import dev.goj.context.TestContexts.CustomDoneContext;
import dev.goj.context.TestContexts.MyDoneContext;
import dev.goj.context.TestContexts.OtherContext;
import dev.goj.runtime.Go;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** JUnit ports of Go's context_test.go and x_test.go (Go 1.21+). */
@Timeout(60)
class ContextTest {

  @Test
  void testBackground() {
    Context c = Context.background();
    assertNotNull(c);
    assertFalse(isDone(c), "<-c.Done() should block");
    assertEquals("context.Background", c.toString());
    assertSame(c, Context.background());
  }

  @Test
  void testTODO() {
    Context c = Context.todo();
    assertNotNull(c);
    assertFalse(isDone(c), "<-c.Done() should block");
    assertEquals("context.TODO", c.toString());
  }

  @Test
  void testWithCancel() {
    CancelContext c1 = Context.withCancel(Context.background());
    assertEquals("context.Background.WithCancel", c1.toString());

    Context o = new OtherContext(c1);
    CancelContext c2 = Context.withCancel(o);
    List<Context> contexts = List.of(c1, o, c2);
    for (int i = 0; i < contexts.size(); i++) {
      Context c = contexts.get(i);
      assertNotNull(c.done(), "c[" + i + "].done()");
      assertNull(c.err(), "c[" + i + "].err()");
      assertFalse(isDone(c), "<-c[" + i + "].Done() should block");
    }

    c1.cancel(); // propagates synchronously
    for (int i = 0; i < contexts.size(); i++) {
      Context c = contexts.get(i);
      assertTrue(isDone(c), "<-c[" + i + "].Done() blocked, but shouldn't have");
      assertSame(Context.CANCELED, c.err(), "c[" + i + "].err()");
    }
  }

  @Test
  void testParentFinishesChild() {
    // parent -> cancelChild; parent -> valueChild -> timerChild
    CancelContext parent = Context.withCancel(Context.background());
    try (CancelContext cancelChild = Context.withCancel(parent)) {
      Context valueChild = Context.withValue(parent, "key", "value");
      try (CancelContext timerChild = Context.withTimeout(valueChild, VERY_LONG)) {
        for (Context c : List.of(parent, cancelChild, timerChild, valueChild)) {
          assertFalse(isDone(c), c + " should block");
        }

        CancelCtx pc = (CancelCtx) parent;
        CancelCtx cc = (CancelCtx) cancelChild;
        TimerCtx tc = (TimerCtx) timerChild;
        // Go links both children at creation; goj links a withCancel child when it is first
        // observed, which the done() probes above did.
        assertEquals(2, pc.childCount(), "the parent's children");
        assertTrue(pc.hasChild(cc));
        assertTrue(pc.hasChild(tc));
        assertSame(pc, CancelCtx.parentCancelCtx(cc.parent));
        assertSame(pc, CancelCtx.parentCancelCtx(tc.parent));

        parent.cancel();
        assertEquals(0, pc.childCount(), "pc.cancel didn't clear pc.children");

        for (Context c : List.of(parent, cancelChild, valueChild, timerChild)) {
          assertTrue(isDone(c), c + " blocked, but shouldn't have");
          assertSame(Context.CANCELED, c.err(), c + ".err()");
        }

        // A child of a cancelled parent is born cancelled.
        Context precancelledChild = Context.withValue(parent, "key", "value");
        assertTrue(isDone(precancelledChild));
        assertSame(Context.CANCELED, precancelledChild.err());
      }
    }
  }

  @Test
  void testChildFinishesFirst() {
    try (CancelContext cancelable = Context.withCancel(Context.background())) {
      for (Context parent : List.of(Context.background(), cancelable)) {
        CancelContext child = Context.withCancel(parent);
        assertFalse(isDone(parent));
        assertFalse(isDone(child));

        child.done(); // links it (goj links a withCancel child when it is first observed)
        CancelCtx cc = (CancelCtx) child;
        CancelCtx pc = parent instanceof CancelCtx p ? p : null;
        assertSame(pc, CancelCtx.parentCancelCtx(cc.parent), "bad linkage");
        if (pc != null) {
          assertEquals(1, pc.childCount());
          assertTrue(pc.hasChild(cc));
        }

        child.cancel();
        if (pc != null) {
          assertEquals(0, pc.childCount(), "child's cancel didn't remove self from pc.children");
        }
        assertTrue(isDone(child), "child should be finished");
        assertSame(Context.CANCELED, child.err());
        assertFalse(isDone(parent), "parent should not be finished");
        assertNull(parent.err());
      }
    }
  }

  private static void testDeadline(Context c, String name) {
    c.done().recv(); // the class-level @Timeout catches a context that never times out
    assertSame(Context.DEADLINE_EXCEEDED, c.err(), name + ": c.err()");
  }

  @Test
  void testDeadline() {
    Context c = Context.withDeadline(Context.background(), Instant.now().plus(SHORT));
    assertTrue(c.toString().startsWith("context.Background.WithDeadline("), c.toString());
    testDeadline(c, "WithDeadline");

    c = Context.withDeadline(Context.background(), Instant.now().plus(SHORT));
    testDeadline(new OtherContext(c), "WithDeadline+otherContext");

    c = Context.withDeadline(Context.background(), Instant.now().plus(SHORT));
    c = Context.withDeadline(new OtherContext(c), Instant.now().plus(VERY_LONG));
    testDeadline(c, "WithDeadline+otherContext+WithDeadline");

    c = Context.withDeadline(Context.background(), Instant.now().minus(SHORT));
    testDeadline(c, "WithDeadline+inthepast");

    c = Context.withDeadline(Context.background(), Instant.now());
    testDeadline(c, "WithDeadline+now");
  }

  @Test
  void testTimeout() {
    Context c = Context.withTimeout(Context.background(), SHORT);
    assertTrue(c.toString().startsWith("context.Background.WithDeadline("), c.toString());
    testDeadline(c, "WithTimeout");

    c = Context.withTimeout(Context.background(), SHORT);
    testDeadline(new OtherContext(c), "WithTimeout+otherContext");

    c = Context.withTimeout(Context.background(), SHORT);
    c = Context.withTimeout(new OtherContext(c), VERY_LONG);
    testDeadline(c, "WithTimeout+otherContext+WithTimeout");
  }

  @Test
  void testCanceledTimeout() {
    Context c = Context.withTimeout(Context.background(), Duration.ofSeconds(1));
    Context o = new OtherContext(c);
    CancelContext c2 = Context.withTimeout(o, VERY_LONG);
    c2.cancel(); // propagates synchronously
    assertTrue(isDone(c2), "<-c.Done() blocked, but shouldn't have");
    assertSame(Context.CANCELED, c2.err());
  }

  record Key1(int v) {
    @Override
    public String toString() {
      return "key1";
    }
  }

  record Key2(int v) {
    @Override
    public String toString() {
      return "key2(" + v + ")";
    }
  }

  private static final Key1 K1 = new Key1(1);
  private static final Key2 K2 = new Key2(1); // same int as k1, different type
  private static final Key2 K3 = new Key2(3); // same type as k2, different int

  private static void check(Context c, String nm, String v1, String v2, String v3) {
    assertEquals(v1, c.value(K1), nm + ".value(k1)");
    assertEquals(v2, c.value(K2), nm + ".value(k2)");
    assertEquals(v3, c.value(K3), nm + ".value(k3)");
  }

  @Test
  void testValues() {
    Context c0 = Context.background();
    check(c0, "c0", null, null, null);

    Context c1 = Context.withValue(Context.background(), K1, "c1k1");
    check(c1, "c1", "c1k1", null, null);
    assertEquals("context.Background.WithValue(key1, c1k1)", c1.toString());

    Context c2 = Context.withValue(c1, K2, "c2k2");
    check(c2, "c2", "c1k1", "c2k2", null);
    assertEquals("context.Background.WithValue(key1, c1k1).WithValue(key2(1), c2k2)", c2.toString());

    Context c3 = Context.withValue(c2, K3, "c3k3");
    check(c3, "c3", "c1k1", "c2k2", "c3k3");

    Context c4 = Context.withValue(c3, K1, null);
    check(c4, "c4", null, "c2k2", "c3k3");
    assertEquals("context.Background.WithValue(key1, c1k1).WithValue(key2(1), c2k2)"
        + ".WithValue(key2(3), c3k3).WithValue(key1, <nil>)", c4.toString());

    Context o0 = new OtherContext(Context.background());
    check(o0, "o0", null, null, null);

    Context o1 = new OtherContext(Context.withValue(Context.background(), K1, "c1k1"));
    check(o1, "o1", "c1k1", null, null);

    Context o2 = Context.withValue(o1, K2, "o2k2");
    check(o2, "o2", "c1k1", "o2k2", null);

    Context o3 = new OtherContext(c4);
    check(o3, "o3", null, "c2k2", "c3k3");

    Context o4 = Context.withValue(o3, K3, null);
    check(o4, "o4", null, "c2k2", null);
  }

  @Test
  void valuesCompareKeysWithEquals() {
    Context c = Context.withValue(Context.background(), new Key2(7), "v");
    assertEquals("v", c.value(new Key2(7)), "an equal but distinct key finds the value");
    assertNull(c.value(new Key1(7)));
    assertNull(c.value(null), "no key is null, so a null lookup finds nothing");
  }

  @Test
  void testSimultaneousCancels() throws InterruptedException {
    CancelContext root = Context.withCancel(Context.background());
    Map<Context, CancelContext> m = new IdentityHashMap<>();
    m.put(root, root);
    ArrayDeque<Context> q = new ArrayDeque<>(List.of(root));
    while (!q.isEmpty() && m.size() < 100) {
      Context parent = q.poll();
      for (int i = 0; i < 4; i++) {
        CancelContext ctx = Context.withCancel(parent);
        m.put(ctx, ctx);
        q.add(ctx);
      }
    }
    // Start all the cancels in a random order.
    List<CancelContext> cancels = new ArrayList<>(m.values());
    Collections.shuffle(cancels);
    CountDownLatch wg = new CountDownLatch(cancels.size());
    for (CancelContext c : cancels) {
      Go.go(() -> {
        c.cancel();
        wg.countDown();
      });
    }
    // Wait on all the contexts in a random order.
    List<Context> all = new ArrayList<>(m.keySet());
    Collections.shuffle(all);
    for (Context ctx : all) {
      ctx.done().recv();
      assertSame(Context.CANCELED, ctx.err());
    }
    wg.await();
  }

  @Test
  void testInterlockedCancels() {
    CancelContext parent = Context.withCancel(Context.background());
    CancelContext child = Context.withCancel(parent);
    Go.go(() -> {
      parent.done().recv();
      child.cancel();
    });
    parent.cancel();
    child.done().recv();
    assertSame(Context.CANCELED, child.err());
  }

  @Test
  void testLayersCancel() {
    testLayers(System.nanoTime(), false);
  }

  @Test
  void testLayersTimeout() {
    testLayers(System.nanoTime(), true);
  }

  private static void testLayers(long seed, boolean testTimeout) {
    Random r = new Random(seed);
    String prefix = "seed=" + seed + ": ";
    List<Object> vals = new ArrayList<>();
    List<CancelContext> cancels = new ArrayList<>();
    int numTimers = 0;
    Context ctx = Context.background();
    for (int i = 0; i < 30 || numTimers == 0 || cancels.isEmpty() || vals.isEmpty(); i++) {
      switch (r.nextInt(3)) {
        case 0 -> {
          Object v = new Object();
          ctx = Context.withValue(ctx, v, v);
          vals.add(v);
        }
        case 1 -> {
          CancelContext c = Context.withCancel(ctx);
          ctx = c;
          cancels.add(c);
        }
        default -> {
          CancelContext c = Context.withTimeout(ctx, testTimeout ? SHORT : VERY_LONG);
          ctx = c;
          cancels.add(c);
          numTimers++;
        }
      }
    }
    Context top = ctx;
    Runnable checkValues = () -> {
      for (Object key : vals) {
        assertSame(key, top.value(key), prefix + "ctx.value(key)");
      }
    };
    if (!testTimeout) {
      assertFalse(isDone(top), prefix + "ctx should not be canceled yet");
    }
    assertTrue(top.toString().startsWith("context.Background."), prefix + top);
    checkValues.run();
    if (testTimeout) {
      top.done().recv();
      checkValues.run();
    } else {
      cancels.get(r.nextInt(cancels.size())).cancel();
      assertTrue(isDone(top), prefix + "ctx should be canceled");
      checkValues.run();
    }
  }

  @Test
  void testCancelRemoves() {
    CancelCtx ctx = (CancelCtx) Context.withCancel(Context.background());
    assertEquals(0, ctx.childCount(), "after creation");
    CancelContext c = Context.withCancel(ctx);
    c.done(); // linked when first observed
    assertEquals(1, ctx.childCount(), "with WithCancel child");
    c.cancel();
    assertEquals(0, ctx.childCount(), "after canceling WithCancel child");

    ctx = (CancelCtx) Context.withCancel(Context.background());
    assertEquals(0, ctx.childCount(), "after creation");
    c = Context.withTimeout(ctx, Duration.ofMinutes(60));
    assertEquals(1, ctx.childCount(), "with WithTimeout child");
    c.cancel();
    assertEquals(0, ctx.childCount(), "after canceling WithTimeout child");
  }

  @Test
  void testWithCancelCanceledParent() {
    CancelCauseContext parent = Context.withCancelCause(Context.background());
    RuntimeException cause = new RuntimeException("Because!");
    parent.cancel(cause);

    CancelContext c = Context.withCancel(parent);
    assertTrue(isDone(c), "child not done immediately upon construction");
    assertSame(Context.CANCELED, c.err());
    assertSame(cause, Context.cause(c));
  }

  @Test
  void testWithCancelSimultaneouslyCanceledParent() {
    for (int i = 0; i < 100; i++) {
      CancelCauseContext parent = Context.withCancelCause(Context.background());
      RuntimeException cause = new RuntimeException("Because!");
      Go.go(() -> parent.cancel(cause));

      CancelContext c = Context.withCancel(parent);
      c.done().recv();
      assertSame(Context.CANCELED, c.err());
      assertSame(cause, Context.cause(c));
    }
  }

  @Test
  void testWithValueChecksKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Context.withValue(Context.background(), null, "bar"));
    assertEquals("nil key", e.getMessage());
  }

  @Test
  void testInvalidDerivedFail() {
    List<Runnable> calls = List.of(
        () -> Context.withCancel(null),
        () -> Context.withCancelCause(null),
        () -> Context.withDeadline(null, Instant.now().plus(SHORT)),
        () -> Context.withTimeout(null, SHORT),
        () -> Context.withDeadlineCause(null, Instant.now(), null),
        () -> Context.withTimeoutCause(null, SHORT, null),
        () -> Context.withValue(null, "foo", "bar"),
        () -> Context.withoutCancel(null));
    for (Runnable call : calls) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
      assertEquals("cannot create context from nil parent", e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Context.withDeadline(Context.background(), null));
    assertThrows(IllegalArgumentException.class, () -> Context.withTimeout(Context.background(), null));
    assertThrows(IllegalArgumentException.class, () -> Context.afterFunc(null, () -> { }));
    assertThrows(IllegalArgumentException.class, () -> Context.afterFunc(Context.background(), null));
    assertThrows(IllegalArgumentException.class, () -> Context.cause(null));
  }

  @Test
  void testDeadlineExceededSupportsTimeout() {
    assertTrue(((ContextError) Context.DEADLINE_EXCEEDED).timeout());
    assertFalse(((ContextError) Context.CANCELED).timeout());
    assertEquals("context deadline exceeded", Context.DEADLINE_EXCEEDED.getMessage());
    assertEquals("context canceled", Context.CANCELED.getMessage());
  }

  @Test
  void testCustomContextGoroutines() {
    int[] g = {CancelCtx.GOROUTINES.get()};
    Runnable checkNoGoroutine = () -> assertEquals(g[0], CancelCtx.GOROUTINES.get(), "goroutines created");
    Runnable checkCreatedGoroutine = () -> {
      int now = CancelCtx.GOROUTINES.get();
      assertEquals(g[0] + 1, now, "goroutines created, want 1");
      g[0] = now;
    };

    Context.withCancel(new MyDoneContext(Context.background())).cancel();
    checkCreatedGoroutine.run();

    Context.withTimeout(new MyDoneContext(Context.background()), VERY_LONG).cancel();
    checkCreatedGoroutine.run();
    checkNoGoroutine.run();

    CancelContext ctx1 = Context.withCancel(Context.background());
    checkNoGoroutine.run();

    Context ctx2 = new OtherContext(ctx1);
    CancelContext ctx3 = Context.withCancel(ctx2);
    checkNoGoroutine.run();

    CancelContext ctx3b = Context.withCancel(new MyDoneContext(ctx2));
    checkCreatedGoroutine.run(); // ctx1 is not providing done(): must not be used

    CancelContext ctx4 = Context.withTimeout(ctx3, VERY_LONG);
    checkNoGoroutine.run();

    CancelContext ctx5 = Context.withCancel(ctx4);
    checkNoGoroutine.run();

    ctx5.cancel();
    checkNoGoroutine.run();

    CancelContext ctx6 = Context.withTimeout(ctx5, VERY_LONG);
    checkNoGoroutine.run();

    // Applied to a cancelled context.
    ctx6.cancel();
    ctx1.cancel();
    CancelContext ctx7 = Context.withCancel(ctx5);
    checkNoGoroutine.run();
    for (CancelContext c : List.of(ctx7, ctx6, ctx5, ctx4, ctx3b, ctx3, ctx1)) {
      c.cancel();
    }
    checkNoGoroutine.run();
  }

  @Test
  void testCause() {
    Duration forever = Duration.ofSeconds(1_000_000);
    RuntimeException parentCause = new RuntimeException("parentCause");
    RuntimeException childCause = new RuntimeException("childCause");
    RuntimeException tooSlow = new RuntimeException("tooSlow");
    RuntimeException finishedEarly = new RuntimeException("finishedEarly");
    record Case(String name, Supplier<Context> ctx, RuntimeException err, Throwable cause) {}
    List<Case> cases = List.of(
        new Case("Background", Context::background, null, null),
        new Case("TODO", Context::todo, null, null),
        new Case("WithCancel", () -> {
          CancelContext c = Context.withCancel(Context.background());
          c.cancel();
          return c;
        }, Context.CANCELED, Context.CANCELED),
        new Case("WithCancelCause", () -> {
          CancelCauseContext c = Context.withCancelCause(Context.background());
          c.cancel(parentCause);
          return c;
        }, Context.CANCELED, parentCause),
        new Case("WithCancelCause nil", () -> {
          CancelCauseContext c = Context.withCancelCause(Context.background());
          c.cancel(null);
          return c;
        }, Context.CANCELED, Context.CANCELED),
        new Case("WithCancelCause: parent cause before child", () -> {
          CancelCauseContext p = Context.withCancelCause(Context.background());
          CancelCauseContext c = Context.withCancelCause(p);
          p.cancel(parentCause);
          c.cancel(childCause);
          return c;
        }, Context.CANCELED, parentCause),
        new Case("WithCancelCause: parent cause after child", () -> {
          CancelCauseContext p = Context.withCancelCause(Context.background());
          CancelCauseContext c = Context.withCancelCause(p);
          c.cancel(childCause);
          p.cancel(parentCause);
          return c;
        }, Context.CANCELED, childCause),
        new Case("WithCancelCause: parent cause before nil", () -> {
          CancelCauseContext p = Context.withCancelCause(Context.background());
          CancelContext c = Context.withCancel(p);
          p.cancel(parentCause);
          c.cancel();
          return c;
        }, Context.CANCELED, parentCause),
        new Case("WithCancelCause: parent cause after nil", () -> {
          CancelCauseContext p = Context.withCancelCause(Context.background());
          CancelContext c = Context.withCancel(p);
          c.cancel();
          p.cancel(parentCause);
          return c;
        }, Context.CANCELED, Context.CANCELED),
        new Case("WithCancelCause: child cause after nil", () -> {
          CancelContext p = Context.withCancel(Context.background());
          CancelCauseContext c = Context.withCancelCause(p);
          p.cancel();
          c.cancel(childCause);
          return c;
        }, Context.CANCELED, Context.CANCELED),
        new Case("WithCancelCause: child cause before nil", () -> {
          CancelContext p = Context.withCancel(Context.background());
          CancelCauseContext c = Context.withCancelCause(p);
          c.cancel(childCause);
          p.cancel();
          return c;
        }, Context.CANCELED, childCause),
        new Case("WithTimeout", () -> {
          CancelContext c = Context.withTimeout(Context.background(), Duration.ZERO);
          c.cancel();
          return c;
        }, Context.DEADLINE_EXCEEDED, Context.DEADLINE_EXCEEDED),
        new Case("WithTimeout canceled", () -> {
          CancelContext c = Context.withTimeout(Context.background(), forever);
          c.cancel();
          return c;
        }, Context.CANCELED, Context.CANCELED),
        new Case("WithTimeoutCause", () -> {
          CancelContext c = Context.withTimeoutCause(Context.background(), Duration.ZERO, tooSlow);
          c.cancel();
          return c;
        }, Context.DEADLINE_EXCEEDED, tooSlow),
        new Case("WithTimeoutCause canceled", () -> {
          CancelContext c = Context.withTimeoutCause(Context.background(), forever, tooSlow);
          c.cancel();
          return c;
        }, Context.CANCELED, Context.CANCELED),
        new Case("WithTimeoutCause stacked", () -> {
          CancelCauseContext p = Context.withCancelCause(Context.background());
          Context c = Context.withTimeoutCause(p, Duration.ZERO, tooSlow);
          p.cancel(finishedEarly);
          return c;
        }, Context.DEADLINE_EXCEEDED, tooSlow),
        new Case("WithTimeoutCause stacked canceled", () -> {
          CancelCauseContext p = Context.withCancelCause(Context.background());
          Context c = Context.withTimeoutCause(p, forever, tooSlow);
          p.cancel(finishedEarly);
          return c;
        }, Context.CANCELED, finishedEarly),
        new Case("WithDeadlineCause past", () ->
            Context.withDeadlineCause(Context.background(), Instant.now().minusSeconds(1), tooSlow),
            Context.DEADLINE_EXCEEDED, tooSlow),
        new Case("WithoutCancel", () -> Context.withoutCancel(Context.background()), null, null),
        new Case("WithoutCancel canceled", () -> {
          CancelCauseContext p = Context.withCancelCause(Context.background());
          Context c = Context.withoutCancel(p);
          p.cancel(finishedEarly);
          return c;
        }, null, null),
        new Case("WithoutCancel timeout", () -> {
          CancelContext p = Context.withTimeoutCause(Context.background(), Duration.ZERO, tooSlow);
          Context c = Context.withoutCancel(p);
          p.cancel();
          return c;
        }, null, null));
    for (Case t : cases) {
      Context ctx = t.ctx().get();
      assertSame(t.err(), ctx.err(), t.name() + ": ctx.err()");
      assertSame(t.cause(), Context.cause(ctx), t.name() + ": cause(ctx)");
    }
  }

  @Test
  void testCauseRace() {
    RuntimeException cause = new RuntimeException("TestCauseRace");
    CancelCauseContext ctx = Context.withCancelCause(Context.background());
    Go.go(() -> ctx.cancel(cause));
    for (;;) {
      // Poll cause rather than waiting for done: its read must be synchronized on its own.
      Throwable err = Context.cause(ctx);
      if (err != null) {
        assertSame(cause, err);
        break;
      }
      Go.gosched();
    }
  }

  @Test
  void testWithoutCancel() {
    String key = "key";
    String value = "value";
    Context ctx = Context.withValue(Context.background(), key, value);
    ctx = Context.withoutCancel(ctx);
    assertEquals(Optional.empty(), ctx.deadline());
    assertSame(Chan.nil(), ctx.done(), "a done channel that never closes");
    assertNull(ctx.err());
    assertSame(value, ctx.value(key));
    assertEquals("context.Background.WithValue(key, value).WithoutCancel", ctx.toString());
  }

  @Test
  void testCustomContextPropagation() {
    RuntimeException cause = new RuntimeException("TestCustomContextPropagation");
    Chan<Void> donec = Chan.make();
    CancelCauseContext ctx1 = Context.withCancelCause(Context.background());
    Context ctx2 = new CustomDoneContext(ctx1, donec);
    try (CancelContext ctx3 = Context.withCancel(ctx2)) {
      ctx1.cancel(cause);
      donec.close();

      ctx3.done().recv();
      assertSame(Context.CANCELED, ctx3.err(), "child not canceled");
      assertSame(cause, Context.cause(ctx3), "child has wrong cause");
    }
  }

  /** Go's customCauseContext: a Context of another implementation, cancelled by hand. */
  static final class CustomCauseContext implements Context {
    private final Chan<Void> done = Chan.make();
    private RuntimeException err;
    private CancelContext cancelChild;

    @Override
    public Optional<Instant> deadline() {
      return Optional.empty();
    }

    @Override
    public synchronized Chan<Void> done() {
      return done;
    }

    @Override
    public synchronized RuntimeException err() {
      return err;
    }

    @Override
    public Object value(Object key) {
      return null;
    }

    void cancel() {
      CancelContext child;
      synchronized (this) {
        err = Context.CANCELED;
        done.close();
        child = cancelChild;
      }
      if (child != null) {
        child.cancel();
      }
    }

    synchronized void setCancelChild(CancelContext c) {
      cancelChild = c;
    }
  }

  @Test
  void testCustomContextCause() {
    // Cancelling a custom context: err and cause are CANCELED.
    CustomCauseContext ccc = new CustomCauseContext();
    ccc.cancel();
    assertSame(Context.CANCELED, ccc.err());
    assertSame(Context.CANCELED, Context.cause(ccc));

    // A WithCancelCause child of a custom context, cancelled with a cause: the parent is untouched.
    ccc = new CustomCauseContext();
    CancelCauseContext ctx = Context.withCancelCause(ccc);
    RuntimeException cause = new RuntimeException("TestCustomContextCause");
    ctx.cancel(cause);
    assertSame(Context.CANCELED, ctx.err());
    assertSame(cause, Context.cause(ctx));
    assertNull(ccc.err());
    assertNull(Context.cause(ccc));

    // Cancelling the custom parent now leaves the child's cause alone.
    ccc.cancel();
    assertSame(Context.CANCELED, ctx.err());
    assertSame(cause, Context.cause(ctx));
    assertSame(Context.CANCELED, ccc.err());
    assertSame(Context.CANCELED, Context.cause(ccc));

    // A child registered with the custom context by hand is cancelled with it.
    ccc = new CustomCauseContext();
    CancelContext child = Context.withCancel(ccc);
    ccc.setCancelChild(child);
    ccc.cancel();
    assertSame(Context.CANCELED, child.err());
    assertSame(Context.CANCELED, Context.cause(child));
    assertSame(Context.CANCELED, ccc.err());
    assertSame(Context.CANCELED, Context.cause(ccc));
  }
}
