/** goj chan. Skeleton until its issue lands. */
module dev.goj.chan {
  requires dev.goj.runtime;
  // exports dev.goj.chan; -- added when the package has its API (a module cannot export an empty package)
  // exports dev.goj.time; -- added when the package has its API (a module cannot export an empty package)
}
