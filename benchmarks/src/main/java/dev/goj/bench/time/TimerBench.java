package dev.goj.bench.time;

import dev.goj.chan.Chan;
import dev.goj.chan.Select;
import dev.goj.time.Time;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Timeouts that were not needed, the common case: Go's receive-with-timeout idiom
 * ({@code select { case v := <-c: case <-time.After(time.Hour): }}) on a channel that is ready,
 * against the JDK's {@code ArrayBlockingQueue.poll(1, HOURS)}; and a timer started and stopped
 * before it fires ({@code time.NewTimer(time.Hour).Stop()}), against a
 * {@code ScheduledThreadPoolExecutor} task scheduled and cancelled (remove-on-cancel, so neither
 * keeps anything). Nanoseconds per op, on the benchmark's platform thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class TimerBench {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Runnable NOOP = () -> { };

  final Chan<Integer> c = Chan.make(1);
  final ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(1);
  ScheduledThreadPoolExecutor stpe;

  @Setup
  public void setup() {
    stpe = new ScheduledThreadPoolExecutor(1);
    stpe.setRemoveOnCancelPolicy(true);
  }

  @TearDown
  public void tearDown() {
    stpe.shutdownNow();
  }

  @Benchmark
  public int gojSelectWithAfter() {
    c.send(1);
    int[] got = {0};
    Select.of().recv(c, v -> got[0] = v).recv(Time.after(HOUR), v -> { }).run();
    return got[0];
  }

  @Benchmark
  public Integer arrayBlockingQueuePollTimeout() throws InterruptedException {
    q.offer(1);
    return q.poll(1, TimeUnit.HOURS);
  }

  @Benchmark
  public boolean gojNewTimerStop() {
    return Time.newTimer(HOUR).stop();
  }

  @Benchmark
  public boolean scheduledExecutorScheduleCancel() {
    return stpe.schedule(NOOP, 1, TimeUnit.HOURS).cancel(false);
  }
}
