package dev.goj.pool;

import java.util.concurrent.RejectedExecutionException;

/**
 * Thrown by a submit (or invoke) that would have to wait for a worker when the pool is nonblocking,
 * or when {@code maxBlockingTasks} submitters are already waiting: ants' {@code ErrPoolOverload}.
 * The task was not run.
 */
public class PoolOverloadException extends RejectedExecutionException {
  private static final long serialVersionUID = 1L;

  public PoolOverloadException() {
    super("too many goroutines blocked on submit or nonblocking is set");
  }
}
