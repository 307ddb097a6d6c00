/** goj sync: Go's sync package (Mutex, RWMutex, Cond, Once, WaitGroup) on runtime-core's parking primitives. */
module dev.goj.sync {
  requires dev.goj.runtime;
  exports dev.goj.sync;
}
