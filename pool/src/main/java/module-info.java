/** goj pool. Skeleton until its issue lands. */
module dev.goj.pool {
  requires dev.goj.runtime;
  requires transitive dev.goj.sync;
  // exports dev.goj.pool; -- added when the package has its API (a module cannot export an empty package)
}
