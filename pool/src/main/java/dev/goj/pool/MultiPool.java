package dev.goj.pool;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Several {@link Pool}s behind one submit: a port of ants v2's {@code MultiPool} (multipool.go).
 * Each task goes to one pool chosen by the {@link LoadBalancingStrategy}; since each pool has its
 * own lock, many submitters contend less than on one big pool. Counts are sums over the pools
 * ({@code cap()} and {@code free()} are -1 when the pools are unbounded); the indexed forms give
 * one pool's count. Release, releaseTimeout and reboot act on every pool; {@link #tune} sets each
 * pool's capacity (so the total is {@code size() * n}).
 */
public final class MultiPool implements Executor, AutoCloseable {
  private final PoolGroup group;

  private MultiPool(int size, int sizePerPool, LoadBalancingStrategy strategy, Options options) {
    PoolGroup.validate(size, strategy);
    options.validate(sizePerPool);
    PoolCore[] pools = new PoolCore[size];
    for (int i = 0; i < size; i++) {
      pools[i] = new PoolCore(sizePerPool, options, Pool.RUN);
    }
    this.group = new PoolGroup(pools, strategy);
  }

  /**
   * {@code size} pools of {@code sizePerPool} workers each ({@code <= 0}: unbounded).
   *
   * @throws IllegalArgumentException if {@code size <= 0} or {@code strategy} is null
   */
  public static MultiPool newMultiPool(int size, int sizePerPool, LoadBalancingStrategy strategy) {
    return new MultiPool(size, sizePerPool, strategy, new Options());
  }

  /**
   * A builder whose options apply to every pool.
   *
   * @throws IllegalArgumentException if {@code size <= 0} or {@code strategy} is null
   */
  public static Builder builder(int size, int sizePerPool, LoadBalancingStrategy strategy) {
    PoolGroup.validate(size, strategy);
    return new Builder(size, sizePerPool, strategy);
  }

  /**
   * Submits {@code task} to the pool the strategy picks (ants' Submit); blocks and throws as
   * {@link Pool#submit}. Under ROUND_ROBIN, an overloaded pick is retried once on the least busy
   * pool.
   */
  public void submit(Runnable task) {
    if (task == null) {
      throw new IllegalArgumentException("task must not be null");
    }
    group.submit(task);
  }

  @Override
  public void execute(Runnable command) {
    submit(command);
  }

  /** The number of pools. */
  public int size() {
    return group.size();
  }

  public int running() {
    return group.running();
  }

  /** @throws IllegalArgumentException if {@code index} is not in {@code [0, size())} */
  public int running(int index) {
    return group.running(index);
  }

  public int free() {
    return group.free();
  }

  /** @throws IllegalArgumentException if {@code index} is not in {@code [0, size())} */
  public int free(int index) {
    return group.free(index);
  }

  public int waiting() {
    return group.waiting();
  }

  /** @throws IllegalArgumentException if {@code index} is not in {@code [0, size())} */
  public int waiting(int index) {
    return group.waiting(index);
  }

  public int cap() {
    return group.cap();
  }

  /** Tunes every pool to {@code sizePerPool} (see {@link Pool#tune}). */
  public void tune(int sizePerPool) {
    group.tune(sizePerPool);
  }

  public boolean isClosed() {
    return group.isClosed();
  }

  public void release() {
    group.release();
  }

  /**
   * Releases every pool and waits for all their workers to exit.
   *
   * @throws TimeoutException naming each pool that did not finish within {@code timeout}
   * @throws PoolClosedException if this multi-pool was already released
   */
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
    return "MultiPool" + group;
  }

  /** Options for every pool of a {@link MultiPool}; the same settings as {@link Pool.Builder}. */
  public static final class Builder {
    private final int size;
    private final int sizePerPool;
    private final LoadBalancingStrategy strategy;
    private final Options options = new Options();

    private Builder(int size, int sizePerPool, LoadBalancingStrategy strategy) {
      this.size = size;
      this.sizePerPool = sizePerPool;
      this.strategy = strategy;
    }

    /** See {@link Pool.Builder#expiry}. */
    public Builder expiry(Duration expiry) {
      options.expiry(expiry);
      return this;
    }

    /** See {@link Pool.Builder#preAlloc}. */
    public Builder preAlloc(boolean preAlloc) {
      options.preAlloc = preAlloc;
      return this;
    }

    /** See {@link Pool.Builder#nonblocking}. */
    public Builder nonblocking(boolean nonblocking) {
      options.nonblocking = nonblocking;
      return this;
    }

    /** See {@link Pool.Builder#queueSize}. */
    public Builder queueSize(int n) {
      options.queueSize(n);
      return this;
    }

    /** See {@link Pool.Builder#maxBlockingTasks}. */
    public Builder maxBlockingTasks(int n) {
      options.maxBlockingTasks(n);
      return this;
    }

    /** See {@link Pool.Builder#panicHandler}. */
    public Builder panicHandler(Consumer<Throwable> handler) {
      options.panicHandler = handler;
      return this;
    }

    /** @throws IllegalArgumentException if preAlloc is set and {@code sizePerPool <= 0} */
    public MultiPool build() {
      return new MultiPool(size, sizePerPool, strategy, options);
    }
  }
}
