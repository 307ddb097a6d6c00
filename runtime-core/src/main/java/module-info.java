/**
 * goj runtime-core: goroutines on goj's GMP scheduler, the parking primitives every other goj module
 * waits on (G, Sudog, WaitQueue, Sema, NotifyList, RuntimeMutex), and the timer service.
 */
module dev.goj.runtime {
  exports dev.goj.runtime;
  // Internal machinery shared with goj's own modules only; not public API.
  exports dev.goj.runtime.internal to dev.goj.sync, dev.goj.chan, dev.goj.context, dev.goj.pool;
  // The GMP scheduler: its canSpin and preemptPoint are for goj's own modules too.
  exports dev.goj.runtime.sched to dev.goj.sync, dev.goj.chan, dev.goj.context, dev.goj.pool;
}
