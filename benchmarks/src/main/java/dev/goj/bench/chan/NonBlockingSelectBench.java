package dev.goj.bench.chan;

import com.softwaremill.jox.Channel;
import dev.goj.chan.Chan;
import dev.goj.chan.Select;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A non-blocking select on an empty channel (Go's {@code select { case <-c: default: }}), built
 * inline the way user code writes it, against jox's select with a default clause and the JDK's
 * {@code ArrayBlockingQueue.poll()}; and a two-channel non-blocking select. Nanoseconds per op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class NonBlockingSelectBench {
  final Chan<Object> g1 = Chan.make(16);
  final Chan<Object> g2 = Chan.make();
  final Channel<Object> j1 = Channel.newBufferedChannel(16);
  final Channel<Object> j2 = Channel.newRendezvousChannel();
  final ArrayBlockingQueue<Object> abq = new ArrayBlockingQueue<>(16);
  static final Object NONE = new Object();

  @Benchmark
  public int gojSelectDefault() {
    return Select.of().recv(g1, v -> { }).defaultCase(null).run();
  }

  @Benchmark
  public Object joxSelectDefault() throws InterruptedException {
    return com.softwaremill.jox.Select.select(j1.receiveClause(), com.softwaremill.jox.Select.defaultClause(NONE));
  }

  @Benchmark
  public Object arrayBlockingQueuePoll() {
    return abq.poll();
  }

  @Benchmark
  public int gojSelect2Default() {
    return Select.of().recv(g1, v -> { }).recv(g2, v -> { }).defaultCase(null).run();
  }

  @Benchmark
  public Object joxSelect2Default() throws InterruptedException {
    return com.softwaremill.jox.Select.select(j1.receiveClause(), j2.receiveClause(),
        com.softwaremill.jox.Select.defaultClause(NONE));
  }
}
