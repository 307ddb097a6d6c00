package dev.goj.pool;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A goroutine pool that runs one function on each submitted argument: a port of ants v2's
 * {@code PoolWithFunc} (pool_func.go, worker_func.go; the generic form of
 * {@code PoolWithFuncGeneric}). Passing an argument instead of a closure saves an allocation per
 * task. Capacity, expiry, blocking, overload, panic handling, tune, release and reboot behave
 * exactly as in {@link Pool}; {@code null} is a legal argument.
 */
public final class PoolWithFunc<T> implements AutoCloseable {
  private final PoolCore core;

  @SuppressWarnings("unchecked")
  private PoolWithFunc(int size, Consumer<? super T> fn, Options options) {
    if (fn == null) {
      throw new IllegalArgumentException("fn must not be null");
    }
    this.core = new PoolCore(size, options, arg -> fn.accept((T) arg));
  }

  /**
   * A pool of at most {@code size} workers ({@code size <= 0}: unbounded) running {@code fn}.
   *
   * @throws IllegalArgumentException if {@code fn} is null
   */
  public static <T> PoolWithFunc<T> newPool(int size, Consumer<? super T> fn) {
    return new PoolWithFunc<>(size, fn, new Options());
  }

  /** A builder for a pool of at most {@code size} workers running {@code fn}. */
  public static <T> Builder<T> builder(int size, Consumer<? super T> fn) {
    return new Builder<>(size, fn);
  }

  /**
   * Runs the pool's function on {@code arg} on a worker goroutine; blocks and throws exactly as
   * {@link Pool#submit} (ants' Invoke).
   */
  public void invoke(T arg) {
    core.submit(arg);
  }

  public int running() {
    return core.running();
  }

  public int free() {
    return core.free();
  }

  public int waiting() {
    return core.waiting();
  }

  /** Tasks accepted into the queue (see {@code Builder.queueSize}) and not yet taken by a worker. */
  public int queued() {
    return core.queued();
  }

  public int cap() {
    return core.cap();
  }

  public void tune(int size) {
    core.tune(size);
  }

  public boolean isClosed() {
    return core.isClosed();
  }

  public void release() {
    core.release();
  }

  public void releaseTimeout(Duration timeout) throws TimeoutException {
    core.releaseTimeout(timeout);
  }

  public void reboot() {
    core.reboot();
  }

  @Override
  public void close() {
    core.release();
  }

  PoolCore core() {
    return core;
  }

  @Override
  public String toString() {
    return "PoolWithFunc" + core;
  }

  /** Options for a {@link PoolWithFunc}; the same settings as {@link Pool.Builder}. */
  public static final class Builder<T> {
    private final int size;
    private final Consumer<? super T> fn;
    private final Options options = new Options();

    private Builder(int size, Consumer<? super T> fn) {
      if (fn == null) {
        throw new IllegalArgumentException("fn must not be null");
      }
      this.size = size;
      this.fn = fn;
    }

    /** See {@link Pool.Builder#expiry}. */
    public Builder<T> expiry(Duration expiry) {
      options.expiry(expiry);
      return this;
    }

    /** See {@link Pool.Builder#preAlloc}. */
    public Builder<T> preAlloc(boolean preAlloc) {
      options.preAlloc = preAlloc;
      return this;
    }

    /** See {@link Pool.Builder#nonblocking}. */
    public Builder<T> nonblocking(boolean nonblocking) {
      options.nonblocking = nonblocking;
      return this;
    }

    /** See {@link Pool.Builder#queueSize}. */
    public Builder<T> queueSize(int n) {
      options.queueSize(n);
      return this;
    }

    /** See {@link Pool.Builder#maxBlockingTasks}. */
    public Builder<T> maxBlockingTasks(int n) {
      options.maxBlockingTasks(n);
      return this;
    }

    /** See {@link Pool.Builder#panicHandler}. */
    public Builder<T> panicHandler(Consumer<Throwable> handler) {
      options.panicHandler = handler;
      return this;
    }

    /** See {@link Pool.Builder#build}. */
    public PoolWithFunc<T> build() {
      return new PoolWithFunc<>(size, fn, options);
    }
  }
}
