/** goj context: Go's context package (cancellation trees, deadlines, values, causes). */
module dev.goj.context {
  requires dev.goj.runtime;
  requires transitive dev.goj.chan;
  exports dev.goj.context;
}
