package dev.goj.runtime.sched;

/**
 * The scheduler trace line that {@code -Dgoj.schedtrace=MS} prints to stderr every MS milliseconds,
 * in the format of Go 1.19's {@code GODEBUG=schedtrace=MS} (runtime/proc.go schedtrace):
 *
 * <pre>SCHED 1004ms: gomaxprocs=2 idleprocs=0 threads=5 spinningthreads=1 idlethreads=1 runqueue=3 [12 0]</pre>
 *
 * <p>threads counts the Ms and sysmon; runqueue is the global queue; the bracket holds each P's
 * local queue length. The values are read without stopping anything, so they may be a little
 * inconsistent with each other, as Go's are. Called with sched.lock free; takes it (which also
 * guards {@code starttime}).
 */
final class SchedTrace {
  /** When the first line was printed: lines count from there, as Go's starttime. */
  private static long starttime;

  private SchedTrace() {}

  static String line(Sched s, long now) {
    StringBuilder sb = new StringBuilder(96);
    s.lock.lock();
    try {
      if (starttime == 0) {
        starttime = now;
      }
      sb.append("SCHED ").append((now - starttime) / 1_000_000).append("ms: gomaxprocs=").append(s.gomaxprocs)
          .append(" idleprocs=").append(s.npidle())
          .append(" threads=").append(s.mcount())
          .append(" spinningthreads=").append(s.nmspinning())
          .append(" idlethreads=").append(s.nmidle())
          .append(" runqueue=").append(s.runq.size());
      P[] all = s.allp;
      sb.append(" [");
      for (int i = 0; i < all.length; i++) {
        if (i > 0) {
          sb.append(' ');
        }
        sb.append(all[i].runq.size());
      }
      sb.append(']');
    } finally {
      s.lock.unlock();
    }
    return sb.toString();
  }
}
