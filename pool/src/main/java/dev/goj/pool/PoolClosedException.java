package dev.goj.pool;

import java.util.concurrent.RejectedExecutionException;

/**
 * Thrown by a submit (or invoke) on a released pool, and to submitters that were blocked waiting for
 * a worker when the pool was released: ants' {@code ErrPoolClosed}. The task was not run.
 */
public class PoolClosedException extends RejectedExecutionException {
  private static final long serialVersionUID = 1L;

  public PoolClosedException() {
    super("this pool has been closed");
  }
}
