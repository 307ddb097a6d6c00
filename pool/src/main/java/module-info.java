/** goj pool: ants-style goroutine worker pools (Pool, PoolWithFunc, MultiPool, MultiPoolWithFunc). */
module dev.goj.pool {
  requires dev.goj.runtime;
  requires transitive dev.goj.sync;
  exports dev.goj.pool;
}
