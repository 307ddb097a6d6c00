package dev.goj.context;

import dev.goj.runtime.Go;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BooleanSupplier;

/**
 * Go's afterFuncCtx with AfterFunc: a cancelCtx, hooked into the tree like any child, whose cancel
 * starts {@code f} in its own goroutine. {@code once} is Go's {@code sync.Once} reduced to the one
 * decision it makes: the first of "cancel starts f" and "stop prevents f" to flip it from 0 to 1
 * wins, so f runs exactly when stop returns false (or stop is never called and the context ends).
 */
final class AfterFuncCtx extends CancelCtx {
  private static final VarHandle ONCE;

  static {
    try {
      ONCE = MethodHandles.lookup().findVarHandle(AfterFuncCtx.class, "once", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Runnable f;
  @SuppressWarnings("unused") // accessed through ONCE
  private volatile int once;

  private AfterFuncCtx(Context parent, CancelCtx parentCC, Runnable f) {
    super(parent, parentCC);
    this.f = f;
  }

  /** Go's AfterFunc: returns its stop function. */
  static BooleanSupplier afterFunc(Context ctx, Runnable f) {
    if (ctx == null) {
      throw new IllegalArgumentException("ctx is null");
    }
    if (f == null) {
      throw new IllegalArgumentException("f is null");
    }
    AfterFuncCtx a = new AfterFuncCtx(ctx, parentCancelCtx(ctx), f);
    a.propagateCancel(true);
    return a::stop;
  }

  /** Go's stop: true if it kept f from starting; it then also unhooks this context from ctx. */
  private boolean stop() {
    if (!ONCE.compareAndSet(this, 0, 1)) {
      return false;
    }
    cancel(true, Cancellation.CANCELED);
    return true;
  }

  @Override
  void cancel(boolean removeFromParent, Cancellation s) {
    super.cancel(false, s);
    if (removeFromParent) {
      removeChild();
    }
    if (ONCE.compareAndSet(this, 0, 1)) {
      Go.go(f);
    }
  }
}
