package dev.goj.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Performs exactly one action: a port of Go's {@code sync.Once} (sync/once.go), plus
 * {@link #func} and {@link #value} (sync/oncefunc.go's OnceFunc and OnceValue).
 *
 * <p>{@link #run} has a lock-free fast path on {@code done} and a Mutex slow path. {@code done}
 * is set only after {@code f} has returned, so every caller that sees it set also sees everything
 * {@code f} wrote; callers that arrive while {@code f} runs block on the mutex until it returns.
 * Like Go, {@code f} counts as run even when it throws.
 */
public final class Once {
  private static final VarHandle DONE;

  static {
    try {
      DONE = MethodHandles.lookup().findVarHandle(Once.class, "done", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Set (release) after f returned; read with acquire so f's writes are visible to the reader. */
  @SuppressWarnings("unused") // accessed through DONE
  private boolean done;
  private final Mutex m = new Mutex();

  public Once() {}

  /**
   * Calls {@code f} if and only if this is the first call of {@code run} on this Once (Go's Do).
   * No call returns before {@code f} has returned (or thrown). If {@code f} throws, the exception
   * propagates to that caller, and later calls still do nothing. Calling {@code run} on the same
   * Once from inside {@code f} deadlocks, as in Go.
   */
  public void run(Runnable f) {
    if (!(boolean) DONE.getAcquire(this)) {
      runSlow(f);
    }
  }

  private void runSlow(Runnable f) {
    m.lock();
    try {
      // Plain read: the mutex orders it after the store of any earlier holder.
      if (!(boolean) DONE.get(this)) {
        try {
          f.run();
        } finally {
          DONE.setRelease(this, true);
        }
      }
    } finally {
      m.unlock();
    }
  }

  /**
   * A Runnable that runs {@code f} only the first time it is called (Go's OnceFunc). If {@code f}
   * throws, every call throws that same exception. {@code f} is not kept alive after its call.
   */
  public static Runnable func(Runnable f) {
    Objects.requireNonNull(f, "f must not be null");
    return new OnceFunc(f);
  }

  /**
   * A Supplier that calls {@code f} only the first time it is called and then always returns that
   * result (Go's OnceValue). If {@code f} throws, every call throws that same exception.
   */
  public static <T> Supplier<T> value(Supplier<T> f) {
    Objects.requireNonNull(f, "f must not be null");
    return new OnceValue<>(f);
  }

  /**
   * Go's OnceFunc closure. The fields are written only inside the Once's action and read only
   * after {@link Once#run} returned, which orders them (done's release/acquire or the mutex).
   */
  private static final class OnceFunc implements Runnable {
    private final Once once = new Once();
    private Runnable f;
    private boolean valid;
    private Throwable p;
    /** Built once so the fast path allocates nothing. */
    private final Runnable g = this::call;

    OnceFunc(Runnable f) {
      this.f = f;
    }

    private void call() {
      try {
        f.run();
        valid = true;
      } catch (Throwable t) {
        // The first caller gets the original, with its full stack trace into f.
        p = t;
        throw t;
      } finally {
        f = null;
      }
    }

    @Override
    public void run() {
      once.run(g);
      if (!valid) {
        throw Once.<RuntimeException>sneaky(p);
      }
    }
  }

  /** Go's OnceValue closure; see {@link OnceFunc} for why plain fields suffice. */
  private static final class OnceValue<T> implements Supplier<T> {
    private final Once once = new Once();
    private Supplier<T> f;
    private boolean valid;
    private Throwable p;
    private T result;
    private final Runnable g = this::call;

    OnceValue(Supplier<T> f) {
      this.f = f;
    }

    private void call() {
      try {
        result = f.get();
        valid = true;
      } catch (Throwable t) {
        p = t;
        throw t;
      } finally {
        f = null;
      }
    }

    @Override
    public T get() {
      once.run(g);
      if (!valid) {
        throw Once.<RuntimeException>sneaky(p);
      }
      return result;
    }
  }

  /** Rethrows {@code t} unchanged, checked or not (it escaped a Runnable or Supplier already). */
  @SuppressWarnings("unchecked")
  private static <X extends Throwable> X sneaky(Throwable t) throws X {
    throw (X) t;
  }
}
