package dev.goj.runtime.sched;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;

/**
 * The two JDK internals goj's scheduler needs, reached through {@code java.lang} opened by
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} (or {@code =dev.goj.runtime} when goj is on
 * the module path):
 *
 * <ul>
 *   <li>{@code java.lang.ThreadBuilders.newVirtualThread(Executor, String, int, Runnable)} (what
 *       {@code ThreadBuilders$VirtualThreadBuilder(Executor)} uses): a virtual thread scheduled by
 *       our Executor. The JDK then calls {@code execute(task)} each time that thread becomes
 *       runnable (started, unparked, yielded, unblocked); running {@code task} mounts the thread on
 *       the calling platform thread and continues it until it parks, yields or ends. That task is
 *       what goj's run queues hold: a runnable goroutine.
 *   <li>{@code Thread.currentCarrierThread()}: from a goroutine, the platform thread it is mounted
 *       on, which is an M (an intrinsic: one load from the thread register).
 * </ul>
 *
 * <p>If either is missing, {@link #FAILURE} says why and goroutines fall back to the JDK's default
 * scheduler (see {@link Sched#newGoroutine}).
 */
final class VirtualThreadBridge {
  private static final MethodHandle NEW_VIRTUAL_THREAD;
  private static final MethodHandle CURRENT_CARRIER;
  /** Why the bridge is unavailable, or null when it works. */
  static final String FAILURE;

  static {
    MethodHandle create = null;
    MethodHandle carrier = null;
    String failure = null;
    try {
      MethodHandles.Lookup l = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
      Class<?> b = l.findClass("java.lang.ThreadBuilders");
      create = l.findStatic(b, "newVirtualThread",
          MethodType.methodType(Thread.class, Executor.class, String.class, int.class, Runnable.class));
      carrier = l.findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      failure = e.toString();
    }
    NEW_VIRTUAL_THREAD = create;
    CURRENT_CARRIER = carrier;
    FAILURE = failure;
  }

  private VirtualThreadBridge() {}

  /** An unstarted, unnamed virtual thread that runs {@code task} and that {@code scheduler} schedules. */
  static Thread newThread(Executor scheduler, Runnable task) {
    try {
      return (Thread) NEW_VIRTUAL_THREAD.invokeExact(scheduler, (String) null, 0, task);
    } catch (Throwable t) {
      throw new IllegalStateException("goj: cannot create a virtual thread", t);
    }
  }

  /** The platform thread the calling virtual thread is mounted on (the caller itself if platform). */
  static Thread currentCarrier() {
    try {
      return (Thread) CURRENT_CARRIER.invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException("goj: Thread.currentCarrierThread failed", t);
    }
  }
}
