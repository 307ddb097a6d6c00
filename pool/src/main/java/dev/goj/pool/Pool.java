package dev.goj.pool;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A goroutine pool: a port of panjf2000/ants v2's {@code Pool} (pool.go, ants.go). It runs submitted
 * tasks on at most {@link #cap()} worker goroutines ({@code Go.go}) and reuses each worker for task
 * after task, so a flood of short tasks costs a bounded number of goroutines instead of one each.
 *
 * <p>{@link #submit} hands the task to an idle worker, or starts a new one while fewer than
 * {@code cap()} run, or else (with {@link Builder#queueSize}) queues it while the bounded queue
 * has room, or else blocks until a worker comes back (nonblocking pools throw
 * {@link PoolOverloadException} instead; so does a pool whose {@code maxBlockingTasks} submitters
 * already wait). Workers idle longer than the expiry period (default 1 s) are stopped by the pool's
 * purge goroutine. A task that throws goes to the panic handler, or without one is printed like a
 * goroutine panic ({@code panic: ...} and the goroutine's frames); the pool keeps serving, though
 * that worker retires, as in ants.
 *
 * <p>Every task that {@code submit} accepts (returns normally for) runs exactly once, whatever
 * tune, release and reboot race with it; a rejected one (any exception) never runs. After
 * {@link #release} submits throw {@link PoolClosedException}, as do submitters that were blocked
 * at the time; running tasks finish. {@link #reboot} reopens a released pool. Like ants, a task that
 * submits to its own full pool and waits for that task can deadlock; an unbounded pool
 * ({@code size <= 0}) cannot.
 */
public final class Pool implements Executor, AutoCloseable {
  /** Runs one Pool item: the item is the task. */
  static final Consumer<Object> RUN = task -> ((Runnable) task).run();

  private final PoolCore core;

  private Pool(int size, Options options) {
    this.core = new PoolCore(size, options, RUN);
  }

  /** A pool of at most {@code size} workers ({@code size <= 0}: unbounded) with default options. */
  public static Pool newPool(int size) {
    return new Pool(size, new Options());
  }

  /** A builder for a pool of at most {@code size} workers ({@code size <= 0}: unbounded). */
  public static Builder builder(int size) {
    return new Builder(size);
  }

  /**
   * Runs {@code task} on a worker goroutine, blocking while the pool is full (ants' Submit).
   *
   * @throws IllegalArgumentException if {@code task} is null
   * @throws PoolOverloadException if the pool is full and nonblocking, or maxBlockingTasks
   *     submitters already wait
   * @throws PoolClosedException if the pool is released, or is released while this call waits
   */
  public void submit(Runnable task) {
    if (task == null) {
      throw new IllegalArgumentException("task must not be null");
    }
    core.submit(task);
  }

  /** {@link Executor#execute}: the same as {@link #submit}. */
  @Override
  public void execute(Runnable command) {
    submit(command);
  }

  /** Worker goroutines alive now, busy or idle. */
  public int running() {
    return core.running();
  }

  /** {@code cap() - running()}; -1 for an unbounded pool. */
  public int free() {
    return core.free();
  }

  /** Submitters blocked waiting for a worker. */
  public int waiting() {
    return core.waiting();
  }

  /** Tasks accepted into the queue (see {@code Builder.queueSize}) and not yet taken by a worker. */
  public int queued() {
    return core.queued();
  }

  /** The capacity; -1 for an unbounded pool. */
  public int cap() {
    return core.cap();
  }

  /**
   * Changes the capacity at run time. Ignored for unbounded and preAlloc pools and for
   * {@code size <= 0}. Lowering it never interrupts a task: surplus workers exit as they finish.
   */
  public void tune(int size) {
    core.tune(size);
  }

  public boolean isClosed() {
    return core.isClosed();
  }

  /**
   * Closes the pool: later submits throw PoolClosedException, as do submitters blocked now; idle
   * workers stop; busy ones finish their task and stop. Does not wait; no-op when closed.
   */
  public void release() {
    core.release();
  }

  /**
   * Like {@link #release}, then waits until every worker (and the purge goroutine) has exited.
   *
   * @throws TimeoutException ("operation timed out") if they have not within {@code timeout}
   * @throws PoolClosedException if the pool was already released
   */
  public void releaseTimeout(Duration timeout) throws TimeoutException {
    core.releaseTimeout(timeout);
  }

  /** Reopens a released pool; no-op on an open one. */
  public void reboot() {
    core.reboot();
  }

  /** The same as {@link #release}, for try-with-resources. */
  @Override
  public void close() {
    core.release();
  }

  PoolCore core() {
    return core;
  }

  @Override
  public String toString() {
    return "Pool" + core;
  }

  /** Options for a {@link Pool}: ants' functional options. Each setter validates its argument. */
  public static final class Builder {
    private final int size;
    private final Options options = new Options();

    private Builder(int size) {
      this.size = size;
    }

    /**
     * How long a worker may stay idle before the purge goroutine stops it, and the purge period
     * (default 1 s; zero means the default).
     *
     * @throws IllegalArgumentException if {@code expiry} is null or negative
     */
    public Builder expiry(Duration expiry) {
      options.expiry(expiry);
      return this;
    }

    /**
     * Allocates the idle list for all {@code size} workers up front (ants' loop queue); a preAlloc
     * pool cannot be tuned. {@link #build} throws IllegalArgumentException if {@code size <= 0}.
     */
    public Builder preAlloc(boolean preAlloc) {
      options.preAlloc = preAlloc;
      return this;
    }

    /** When true, a submit that would wait throws PoolOverloadException instead. */
    public Builder nonblocking(boolean nonblocking) {
      options.nonblocking = nonblocking;
      return this;
    }

    /**
     * Puts up to {@code n} tasks in a bounded FIFO queue when every worker is busy and no more may
     * start (Go's buffered jobs channel drained by the workers; not in ants): submit then returns
     * once the task is queued, as ThreadPoolExecutor's execute does with core = max = size and a
     * bounded queue. Only when the queue is full does submit block (or throw, when nonblocking or
     * maxBlockingTasks submitters already wait). A finishing worker takes the queued head before it
     * goes idle; blocked submitters then enter the queue in FIFO order. Queued tasks are accepted:
     * they run even if the pool is released meanwhile (release does not discard them, and
     * releaseTimeout waits for them). 0, the default, is ants' behaviour: no queue.
     * {@link #build} throws IllegalArgumentException for {@code n > 0} with an unbounded size.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Builder queueSize(int n) {
      options.queueSize(n);
      return this;
    }

    /**
     * At most this many submitters may wait; the next throws PoolOverloadException (0: no limit).
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Builder maxBlockingTasks(int n) {
      options.maxBlockingTasks(n);
      return this;
    }

    /** Receives what a task throws, on the worker's goroutine; null prints it as a panic. */
    public Builder panicHandler(Consumer<Throwable> handler) {
      options.panicHandler = handler;
      return this;
    }

    /**
     * The pool, with its purge goroutine started.
     *
     * @throws IllegalArgumentException if preAlloc is set and {@code size <= 0}
     */
    public Pool build() {
      return new Pool(size, options);
    }
  }
}
