package dev.goj.pool;

/** How a {@link MultiPool} or {@link MultiPoolWithFunc} picks a pool: ants' LoadBalancingStrategy. */
public enum LoadBalancingStrategy {
  /** The pools in rotation; a pool that is full and nonblocking passes the task to the least busy. */
  ROUND_ROBIN,
  /** The pool with the fewest tasks (running workers plus waiting submitters) at the time. */
  LEAST_TASKS
}
