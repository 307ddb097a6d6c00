package dev.goj.bench.chan;

import com.softwaremill.jox.Channel;
import dev.goj.chan.Chan;
import dev.goj.chan.Select;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * goj channels against the queues a Java user would otherwise pick, each row in one run:
 * unbuffered ping-pong (SynchronousQueue, jox rendezvous), buffered cap-128 with 1 producer/1
 * consumer and 4/4 (ArrayBlockingQueue, LinkedTransferQueue, jox), on JDK virtual threads and on
 * platform threads. Throughput in messages (round trips for ping-pong) per microsecond.
 *
 * <pre>./goj.sh bench 'dev.goj.bench.chan' -f 2 -wi 3 -w 1s -i 5 -r 1s</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChanBench {
  /** Round trips per ping-pong invocation. */
  static final int N = 20_000;
  /** Messages per streaming invocation: long enough that thread start and join do not dominate. */
  static final int M = 100_000;
  static final Object MSG = new Object();

  @State(Scope.Benchmark)
  public static class PingPong {
    @Param({"virtual", "platform"})
    public String threads;

    @Param({"goj", "SynchronousQueue", "jox"})
    public String impl;

    Queues ping;
    Queues pong;
    Workers workers;

    @Setup(Level.Trial)
    public void setup() {
      ping = Queues.of(impl, 0);
      pong = Queues.of(impl, 0);
      workers = new Workers(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      workers.close();
    }
  }

  /** Unbuffered ping-pong: N round trips, two hand-offs each. */
  @Benchmark
  @OperationsPerInvocation(N)
  public void unbufferedPingPong(PingPong s) {
    Queues ping = s.ping;
    Queues pong = s.pong;
    s.workers.runAll(() -> {
      for (int i = 0; i < N; i++) {
        ping.put(MSG);
        pong.take();
      }
    }, () -> {
      for (int i = 0; i < N; i++) {
        pong.put(ping.take());
      }
    });
  }

  @State(Scope.Benchmark)
  public static class Buffered {
    @Param({"virtual", "platform"})
    public String threads;

    @Param({"goj", "ArrayBlockingQueue", "LinkedTransferQueue", "jox"})
    public String impl;

    Queues q;
    Workers workers;

    @Setup(Level.Trial)
    public void setup() {
      q = Queues.of(impl, 128);
      workers = new Workers(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      workers.close();
    }
  }

  /** Buffered cap 128, one producer and one consumer: M messages. */
  @Benchmark
  @OperationsPerInvocation(M)
  public void buffered1P1C(Buffered s) {
    Queues q = s.q;
    s.workers.runAll(() -> {
      for (int i = 0; i < M; i++) {
        q.put(MSG);
      }
    }, () -> {
      for (int i = 0; i < M; i++) {
        q.take();
      }
    });
  }

  /** Buffered cap 128, four producers and four consumers: M messages in all. */
  @Benchmark
  @OperationsPerInvocation(M)
  public void buffered4P4C(Buffered s) {
    Queues q = s.q;
    Runnable producer = () -> {
      for (int i = 0; i < M / 4; i++) {
        q.put(MSG);
      }
    };
    Runnable consumer = () -> {
      for (int i = 0; i < M / 4; i++) {
        q.take();
      }
    };
    s.workers.runAll(producer, producer, producer, producer, consumer, consumer, consumer, consumer);
  }

  @State(Scope.Benchmark)
  public static class TwoChannels {
    @Param({"virtual", "platform"})
    public String threads;

    @Param({"goj", "jox"})
    public String impl;

    Chan<Object> g1;
    Chan<Object> g2;
    Channel<Object> j1;
    Channel<Object> j2;
    Workers workers;

    @Setup(Level.Trial)
    public void setup() {
      g1 = Chan.make(128);
      g2 = Chan.make(128);
      j1 = Channel.newBufferedChannel(128);
      j2 = Channel.newBufferedChannel(128);
      workers = new Workers(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      workers.close();
    }
  }

  /** One consumer selects over two cap-128 channels fed by one producer each: M messages. */
  @Benchmark
  @OperationsPerInvocation(M)
  public void selectTwoChannels(TwoChannels s) {
    if (s.impl.equals("goj")) {
      Chan<Object> c1 = s.g1;
      Chan<Object> c2 = s.g2;
      s.workers.runAll(() -> {
        for (int i = 0; i < M / 2; i++) {
          c1.send(MSG);
        }
      }, () -> {
        for (int i = 0; i < M / 2; i++) {
          c2.send(MSG);
        }
      }, () -> {
        Select sel = Select.of().recv(c1, v -> { }).recv(c2, v -> { });
        for (int i = 0; i < M; i++) {
          sel.run();
        }
      });
    } else {
      Channel<Object> c1 = s.j1;
      Channel<Object> c2 = s.j2;
      s.workers.runAll(() -> {
        try {
          for (int i = 0; i < M / 2; i++) {
            c1.send(MSG);
          }
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }, () -> {
        try {
          for (int i = 0; i < M / 2; i++) {
            c2.send(MSG);
          }
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }, () -> {
        try {
          for (int i = 0; i < M; i++) {
            com.softwaremill.jox.Select.select(c1.receiveClause(), c2.receiveClause());
          }
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
    }
  }
}
