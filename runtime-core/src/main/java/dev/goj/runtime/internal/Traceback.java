package dev.goj.runtime.internal;

/**
 * Go-format goroutine dumps (runtime/traceback.go): a header {@code goroutine N [reason]:} and then
 * one entry per Java frame, {@code pkg.Class.method(...)} over a tab-indented {@code File.java:line}.
 */
public final class Traceback {
  private Traceback() {}

  /** Appends the dump of {@code g} whose frames are {@code frames}; {@code state} as Go prints it. */
  public static void append(StringBuilder sb, G g, String state, StackTraceElement[] frames) {
    sb.append("goroutine ").append(g.goid()).append(" [").append(state).append("]:\n");
    for (StackTraceElement f : frames) {
      sb.append(f.getClassName()).append('.').append(f.getMethodName()).append("(...)\n\t");
      sb.append(f.getFileName() == null ? "?" : f.getFileName());
      if (f.getLineNumber() >= 0) {
        sb.append(':').append(f.getLineNumber());
      }
      sb.append('\n');
    }
  }

  /** Go's panic report: {@code panic: <exception>} then the dump of the goroutine it escaped. */
  public static String panic(G g, Throwable t) {
    StringBuilder sb = new StringBuilder("panic: ").append(t).append("\n\n");
    append(sb, g, "running", t.getStackTrace());
    for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
      sb.append("caused by: ").append(c).append('\n');
    }
    return sb.toString();
  }
}
