package dev.goj.bench.context;

import dev.goj.context.CancelContext;
import dev.goj.context.Context;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * goj context against io.grpc:grpc-context, measured in the same run (ratio = goj / grpc time).
 *
 * <ul>
 *   <li>{@code withCancel}: derive a cancellable child of a long-lived cancellable parent, cancel it
 *       (both libraries link such a child into its parent only once something waits on it: goj on
 *       its first done(), grpc on its first listener).</li>
 *   <li>{@code withTimeout}: the same with a one-hour timeout, cancelled early (goj: runtime-core's
 *       timer service; grpc: a ScheduledThreadPoolExecutor with remove-on-cancel, so that neither
 *       side keeps dead timers queued).</li>
 *   <li>{@code cancelTree}: 1 root, 1,000 children, 10 grandchildren each, every context with a
 *       waiter (goj: its done() channel made; grpc: a listener added); measured: cancel the root and
 *       check every context is done (goj: receive from each done(); grpc: isCancelled()).</li>
 *   <li>{@code value10}: look up the key bound 10 values above the context.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ContextBench {
  static final int CHILDREN = 1_000;
  static final int GRANDCHILDREN = 10;
  static final int TREE = 1 + CHILDREN + CHILDREN * GRANDCHILDREN;

  private CancelContext gojParent;
  private Context gojValues;
  private Object gojKey;

  private io.grpc.Context.CancellableContext grpcParent;
  private io.grpc.Context grpcValues;
  private io.grpc.Context.Key<Object> grpcKey;
  private ScheduledThreadPoolExecutor scheduler;

  @Setup(Level.Trial)
  public void setUp() {
    gojParent = Context.withCancel(Context.background());
    gojParent.done(); // a parent with children: Go's propagateCancel makes its done channel too
    grpcParent = io.grpc.Context.ROOT.withCancellation();
    scheduler = new ScheduledThreadPoolExecutor(1);
    scheduler.setRemoveOnCancelPolicy(true);

    Context g = Context.background();
    io.grpc.Context r = io.grpc.Context.ROOT;
    for (int i = 0; i < 10; i++) {
      Object k = new Object();
      io.grpc.Context.Key<Object> rk = io.grpc.Context.key("k" + i);
      g = Context.withValue(g, k, "v" + i);
      r = r.withValue(rk, "v" + i);
      if (i == 0) {
        gojKey = k;
        grpcKey = rk;
      }
    }
    gojValues = g;
    grpcValues = r;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    gojParent.cancel();
    grpcParent.cancel(null);
    scheduler.shutdownNow();
  }

  @Benchmark
  public Object withCancel_goj() {
    CancelContext c = Context.withCancel(gojParent);
    c.cancel();
    return c;
  }

  @Benchmark
  public Object withCancel_grpc() {
    io.grpc.Context.CancellableContext c = grpcParent.withCancellation();
    c.cancel(null);
    return c;
  }

  @Benchmark
  public Object withTimeout_goj() {
    CancelContext c = Context.withTimeout(gojParent, Duration.ofHours(1));
    c.cancel();
    return c;
  }

  @Benchmark
  public Object withTimeout_grpc() {
    io.grpc.Context.CancellableContext c = grpcParent.withDeadlineAfter(1, TimeUnit.HOURS, scheduler);
    c.cancel(null);
    return c;
  }

  @Benchmark
  public Object value10_goj() {
    return gojValues.value(gojKey);
  }

  @Benchmark
  public Object value10_grpc() {
    return grpcKey.get(grpcValues);
  }

  /** A fresh goj tree per invocation, every context with its done channel made (a waiter). */
  @State(Scope.Thread)
  public static class GojTree {
    CancelContext root;
    final CancelContext[] all = new CancelContext[TREE];

    @Setup(Level.Invocation)
    public void build() {
      int n = 0;
      root = Context.withCancel(Context.background());
      all[n++] = root;
      for (int i = 0; i < CHILDREN; i++) {
        CancelContext c = Context.withCancel(root);
        all[n++] = c;
        for (int j = 0; j < GRANDCHILDREN; j++) {
          all[n++] = Context.withCancel(c);
        }
      }
      for (CancelContext c : all) {
        c.done();
      }
    }
  }

  /** A fresh grpc tree per invocation, every context with a listener (grpc's waiter). */
  @State(Scope.Thread)
  public static class GrpcTree {
    io.grpc.Context.CancellableContext root;
    final io.grpc.Context.CancellableContext[] all = new io.grpc.Context.CancellableContext[TREE];
    int notified;

    @Setup(Level.Invocation)
    public void build() {
      int n = 0;
      notified = 0;
      root = io.grpc.Context.ROOT.withCancellation();
      all[n++] = root;
      for (int i = 0; i < CHILDREN; i++) {
        io.grpc.Context.CancellableContext c = root.withCancellation();
        all[n++] = c;
        for (int j = 0; j < GRANDCHILDREN; j++) {
          all[n++] = c.withCancellation();
        }
      }
      for (io.grpc.Context.CancellableContext c : all) {
        c.addListener(ctx -> notified++, Runnable::run);
      }
    }
  }

  @Benchmark
  public int cancelTree_goj(GojTree t) {
    t.root.cancel();
    int n = 0;
    for (CancelContext c : t.all) {
      c.done().recv(); // returns at once only if the channel is closed
      n++;
    }
    return n;
  }

  @Benchmark
  public int cancelTree_grpc(GrpcTree t) {
    t.root.cancel(null);
    int n = 0;
    for (io.grpc.Context.CancellableContext c : t.all) {
      if (!c.isCancelled()) {
        throw new AssertionError("not cancelled: " + c);
      }
      n++;
    }
    if (t.notified != TREE) {
      throw new AssertionError("listeners notified: " + t.notified);
    }
    return n;
  }
}
