package dev.goj.examples;

import dev.goj.chan.Chan;
import dev.goj.chan.Select;
import dev.goj.context.CancelCauseContext;
import dev.goj.context.CancelContext;
import dev.goj.context.Context;
import dev.goj.runtime.Go;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * context: a request tree of workers stopped by one cancel, a deadline, a request-scoped value seen
 * by every worker, a cancellation cause and AfterFunc.
 */
final class ContextDemo {
  /** A private key object, as Go recommends an unexported key type. */
  private static final Object REQUEST_ID = new Object() {
    @Override
    public String toString() {
      return "requestID";
    }
  };

  private ContextDemo() {}

  static void run() {
    boolean ok = true;

    // A request context with a value; three workers each derive their own child and produce
    // numbers until the request is cancelled, then report what they saw.
    CancelCauseContext request = Context.withCancelCause(Context.withValue(Context.background(), REQUEST_ID, "req-42"));
    Chan<Integer> out = Chan.make();
    Chan<String> reports = Chan.make(3);
    for (int w = 0; w < 3; w++) {
      int id = w;
      Go.go(() -> {
        try (CancelContext mine = Context.withCancel(request)) {
          int sent = 0;
          boolean[] stop = {false};
          while (!stop[0]) {
            int v = id * 1000 + sent;
            Select.of()
                .send(out, v, null)
                .recv(mine.done(), (Consumer<Void>) x -> stop[0] = true)
                .run();
            if (!stop[0]) {
              sent++;
            }
          }
          reports.send("worker " + id + " (" + mine.value(REQUEST_ID) + ") stopped after " + sent
              + ": " + mine.err().getMessage() + ", cause: " + Context.cause(mine).getMessage());
        }
      });
    }
    int received = 0;
    for (int i = 0; i < 30; i++) {
      out.recv();
      received++;
    }
    RuntimeException why = new RuntimeException("client went away");
    request.cancel(why);
    System.out.println("context: received " + received + " values, then cancelled " + request);
    for (int i = 0; i < 3; i++) {
      String r = reports.recv();
      System.out.println("context:   " + r);
      ok &= r.contains("req-42") && r.endsWith("context canceled, cause: client went away");
    }

    // A deadline: done closes by itself, with DEADLINE_EXCEEDED; AfterFunc runs when it does.
    AtomicInteger afterFuncRuns = new AtomicInteger();
    Chan<Void> afterFuncDone = Chan.make();
    try (CancelContext deadline = Context.withTimeout(Context.background(), Duration.ofMillis(20))) {
      BooleanSupplier stop = Context.afterFunc(deadline, () -> {
        afterFuncRuns.incrementAndGet();
        afterFuncDone.close();
      });
      long t0 = System.nanoTime();
      deadline.done().recv();
      afterFuncDone.recv();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      boolean stopped = stop.getAsBoolean();
      System.out.println("context: " + deadline.toString().replaceAll(" \\[.*]", "") + " expired after ~" + ms
          + " ms: " + deadline.err().getMessage() + "; AfterFunc ran " + afterFuncRuns.get()
          + " time(s), stop() afterwards = " + stopped);
      ok &= deadline.err() == Context.DEADLINE_EXCEEDED && afterFuncRuns.get() == 1 && !stopped;
    }

    // WithoutCancel keeps values but not cancellation.
    Context detached = Context.withoutCancel(request);
    System.out.println("context: " + "withoutCancel of the cancelled request: err=" + detached.err()
        + ", value=" + detached.value(REQUEST_ID));
    ok &= detached.err() == null && "req-42".equals(detached.value(REQUEST_ID));

    if (!ok) {
      System.out.println("context: MISMATCH");
      System.exit(1);
    }
    System.out.println("context: ok");
  }
}
