/** goj context. Skeleton until its issue lands. */
module dev.goj.context {
  requires dev.goj.runtime;
  requires transitive dev.goj.chan;
  // exports dev.goj.context; -- added when the package has its API (a module cannot export an empty package)
}
