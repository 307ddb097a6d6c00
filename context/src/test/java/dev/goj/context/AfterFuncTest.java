package dev.goj.context;

import static dev.goj.context.TestContexts.SHORT;
import static dev.goj.context.TestContexts.VERY_LONG;
import static dev.goj.context.TestContexts.doneWithin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goj.chan.Chan;
import dev.goj.chan.RecvChan;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ports of Go's TestAfterFunc* (x_test.go) and afterfunc_test.go (parents that are AfterFuncers). */
@Timeout(60)
class AfterFuncTest {

  @Test
  void testAfterFuncCalledAfterCancel() {
    CancelContext ctx = Context.withCancel(Context.background());
    Chan<Void> donec = Chan.make();
    BooleanSupplier stop = Context.afterFunc(ctx, donec::close);
    assertFalse(doneWithin(donec, SHORT), "AfterFunc called before context is done");
    ctx.cancel();
    donec.recv();
    assertFalse(stop.getAsBoolean(), "stop() after f started");
  }

  @Test
  void testAfterFuncCalledAfterTimeout() {
    try (CancelContext ctx = Context.withTimeout(Context.background(), SHORT)) {
      Chan<Void> donec = Chan.make();
      Context.afterFunc(ctx, donec::close);
      donec.recv();
    }
  }

  @Test
  void testAfterFuncCalledImmediately() {
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    Chan<Void> donec = Chan.make();
    Context.afterFunc(ctx, donec::close);
    donec.recv();
  }

  @Test
  void testAfterFuncNotCalledAfterStop() {
    CancelContext ctx = Context.withCancel(Context.background());
    Chan<Void> donec = Chan.make();
    BooleanSupplier stop = Context.afterFunc(ctx, donec::close);
    assertTrue(stop.getAsBoolean(), "first stop()");
    assertEquals(0, ((CancelCtx) ctx).childCount(), "a stopped AfterFunc leaves its context");
    ctx.cancel();
    assertFalse(doneWithin(donec, SHORT), "AfterFunc called for a stopped registration");
    assertFalse(stop.getAsBoolean(), "second stop()");
  }

  /** Cancelling a context does not wait for its AfterFuncs to finish. */
  @Test
  void testAfterFuncCalledAsynchronously() {
    CancelContext ctx = Context.withCancel(Context.background());
    Chan<Object> donec = Chan.make();
    BooleanSupplier stop = Context.afterFunc(ctx, () -> donec.send(new Object())); // blocks until read
    try {
      ctx.cancel();
      donec.recv();
    } finally {
      stop.getAsBoolean();
    }
  }

  @Test
  void afterFuncOnAContextThatIsNeverCancelled() {
    Chan<Void> donec = Chan.make();
    BooleanSupplier stop = Context.afterFunc(Context.background(), donec::close);
    assertTrue(stop.getAsBoolean());
    assertFalse(stop.getAsBoolean());
  }

  /** Go's afterFuncContext: a Context of another implementation that supports AfterFunc. */
  static final class AfterFuncContext implements Context, AfterFuncer {
    private final Map<Object, Runnable> afterFuncs = new HashMap<>();
    private final Chan<Void> done = Chan.make();
    private RuntimeException err;

    @Override
    public Optional<Instant> deadline() {
      return Optional.empty();
    }

    @Override
    public RecvChan<Void> done() {
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

    @Override
    public synchronized BooleanSupplier afterFunc(Runnable f) {
      Object k = new Object();
      afterFuncs.put(k, f);
      return () -> {
        synchronized (this) {
          return afterFuncs.remove(k) != null;
        }
      };
    }

    synchronized int registered() {
      return afterFuncs.size();
    }

    void cancel(RuntimeException e) {
      List<Runnable> fs;
      synchronized (this) {
        if (err != null) {
          return;
        }
        err = e;
        fs = List.copyOf(afterFuncs.values());
        afterFuncs.clear();
      }
      for (Runnable f : fs) {
        dev.goj.runtime.Go.go(f);
      }
    }
  }

  @Test
  void testCustomContextAfterFuncCancel() {
    AfterFuncContext ctx0 = new AfterFuncContext();
    try (CancelContext ctx1 = Context.withCancel(ctx0)) {
      ctx0.cancel(Context.CANCELED);
      ctx1.done().recv();
    }
  }

  @Test
  void testCustomContextAfterFuncTimeout() {
    AfterFuncContext ctx0 = new AfterFuncContext();
    try (CancelContext ctx1 = Context.withTimeout(ctx0, VERY_LONG)) {
      ctx0.cancel(Context.CANCELED);
      ctx1.done().recv();
    }
  }

  @Test
  void testCustomContextAfterFuncAfterFunc() {
    AfterFuncContext ctx0 = new AfterFuncContext();
    Chan<Void> donec = Chan.make();
    BooleanSupplier stop = Context.afterFunc(ctx0, donec::close);
    try {
      ctx0.cancel(Context.CANCELED);
      donec.recv();
    } finally {
      stop.getAsBoolean();
    }
  }

  @Test
  void testCustomContextAfterFuncUnregisterCancel() {
    AfterFuncContext ctx0 = new AfterFuncContext();
    int goroutines = CancelCtx.GOROUTINES.get();
    CancelContext c1 = Context.withCancel(ctx0);
    CancelContext c2 = Context.withCancel(ctx0);
    assertEquals(2, ctx0.registered(), "after WithCancel(ctx0)");
    c1.cancel();
    c2.cancel();
    assertEquals(0, ctx0.registered(), "after canceling WithCancel(ctx0)");
    assertEquals(goroutines, CancelCtx.GOROUTINES.get(), "an AfterFuncer parent needs no watcher goroutine");
  }

  @Test
  void testCustomContextAfterFuncUnregisterTimeout() {
    AfterFuncContext ctx0 = new AfterFuncContext();
    CancelContext c = Context.withTimeout(ctx0, VERY_LONG);
    assertEquals(1, ctx0.registered(), "after WithTimeout(ctx0, d)");
    c.cancel();
    assertEquals(0, ctx0.registered(), "after canceling WithTimeout(ctx0, d)");
  }

  @Test
  void testCustomContextAfterFuncUnregisterAfterFunc() {
    AfterFuncContext ctx0 = new AfterFuncContext();
    BooleanSupplier stop = Context.afterFunc(ctx0, () -> { });
    assertEquals(1, ctx0.registered(), "after AfterFunc(ctx0, f)");
    stop.getAsBoolean();
    assertEquals(0, ctx0.registered(), "after stopping AfterFunc(ctx0, f)");
  }
}
