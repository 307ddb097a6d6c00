package dev.goj.pool;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Several {@link PoolWithFunc}s running one function behind one invoke: a port of ants v2's
 * {@code MultiPoolWithFunc} (multipool_func.go). Balancing, counts, release and reboot behave as in
 * {@link MultiPool}.
 */
public final class MultiPoolWithFunc<T> implements AutoCloseable {
  private final PoolGroup group;

  @SuppressWarnings("unchecked")
  private MultiPoolWithFunc(int size, int sizePerPool, Consumer<? super T> fn, LoadBalancingStrategy strategy,
      Options options) {
    PoolGroup.validate(size, strategy);
    if (fn == null) {
      throw new IllegalArgumentException("fn must not be null");
    }
    options.validate(sizePerPool);
    Consumer<Object> body = arg -> fn.accept((T) arg);
    PoolCore[] pools = new PoolCore[size];
    for (int i = 0; i < size; i++) {
      pools[i] = new PoolCore(sizePerPool, options, body);
    }
    this.group = new PoolGroup(pools, strategy);
  }

  /**
   * {@code size} pools of {@code sizePerPool} workers each ({@code <= 0}: unbounded) running
   * {@code fn}.
   *
   * @throws IllegalArgumentException if {@code size <= 0}, {@code fn} or {@code strategy} is null
   */
  public static <T> MultiPoolWithFunc<T> newMultiPool(int size, int sizePerPool, Consumer<? super T> fn,
      LoadBalancingStrategy strategy) {
    return new MultiPoolWithFunc<>(size, sizePerPool, fn, strategy, new Options());
  }

  /**
   * A builder whose options apply to every pool.
   *
   * @throws IllegalArgumentException if {@code size <= 0}, {@code fn} or {@code strategy} is null
   */
  public static <T> Builder<T> builder(int size, int sizePerPool, Consumer<? super T> fn,
      LoadBalancingStrategy strategy) {
    PoolGroup.validate(size, strategy);
    if (fn == null) {
      throw new IllegalArgumentException("fn must not be null");
    }
    return new Builder<>(size, sizePerPool, fn, strategy);
  }

  /** Runs the function on {@code arg} in the pool the strategy picks; see {@link MultiPool#submit}. */
  public void invoke(T arg) {
    group.submit(arg);
  }

  public int size() {
    return group.size();
  }

  public int running() {
    return group.running();
  }

  public int running(int index) {
    return group.running(index);
  }

  public int free() {
    return group.free();
  }

  public int free(int index) {
    return group.free(index);
  }

  public int waiting() {
    return group.waiting();
  }

  public int waiting(int index) {
    return group.waiting(index);
  }

  public int cap() {
    return group.cap();
  }

  public void tune(int sizePerPool) {
    group.tune(sizePerPool);
  }

  public boolean isClosed() {
    return group.isClosed();
  }

  public void release() {
    group.release();
  }

  public void releaseTimeout(Duration timeout) throws TimeoutException {
    group.releaseTimeout(timeout);
  }

  public void reboot() {
    group.reboot();
  }

  @Override
  public void close() {
    group.release();
  }

  @Override
  public String toString() {
    return "MultiPoolWithFunc" + group;
  }

  /** Options for every pool of a {@link MultiPoolWithFunc}; the same settings as {@link Pool.Builder}. */
  public static final class Builder<T> {
    private final int size;
    private final int sizePerPool;
    private final Consumer<? super T> fn;
    private final LoadBalancingStrategy strategy;
    private final Options options = new Options();

    private Builder(int size, int sizePerPool, Consumer<? super T> fn, LoadBalancingStrategy strategy) {
      this.size = size;
      this.sizePerPool = sizePerPool;
      this.fn = fn;
      this.strategy = strategy;
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

    /** @throws IllegalArgumentException if preAlloc is set and {@code sizePerPool <= 0} */
    public MultiPoolWithFunc<T> build() {
      return new MultiPoolWithFunc<>(size, sizePerPool, fn, strategy, options);
    }
  }
}
