/** goj sync. Skeleton until its issue lands. */
module dev.goj.sync {
  requires dev.goj.runtime;
  // exports dev.goj.sync; -- added when the package has its API (a module cannot export an empty package)
}
