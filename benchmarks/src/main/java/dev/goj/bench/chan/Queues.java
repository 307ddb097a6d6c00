package dev.goj.bench.chan;

import com.softwaremill.jox.Channel;
import dev.goj.chan.Chan;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * The one interface every benchmarked queue sits behind, so goj and its peers pay the same
 * (bimorphic at worst) call cost. Interrupts cannot happen in these benchmarks; they are rethrown.
 */
interface Queues {
  void put(Object v);

  Object take();

  /** A queue of kind {@code impl} with {@code capacity} slots (0: rendezvous). */
  static Queues of(String impl, int capacity) {
    return switch (impl) {
      case "goj" -> goj(capacity == 0 ? Chan.make() : Chan.make(capacity));
      case "jox" -> jox(capacity == 0 ? Channel.newRendezvousChannel() : Channel.newBufferedChannel(capacity));
      case "SynchronousQueue" -> jdk(new SynchronousQueue<>());
      case "ArrayBlockingQueue" -> jdk(new ArrayBlockingQueue<>(capacity));
      case "LinkedTransferQueue" -> jdk(new LinkedTransferQueue<>());
      default -> throw new IllegalArgumentException("impl " + impl);
    };
  }

  static Queues goj(Chan<Object> c) {
    return new Queues() {
      @Override
      public void put(Object v) {
        c.send(v);
      }

      @Override
      public Object take() {
        return c.recv();
      }
    };
  }

  static Queues jox(Channel<Object> c) {
    return new Queues() {
      @Override
      public void put(Object v) {
        try {
          c.send(v);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public Object take() {
        try {
          return c.receive();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  static Queues jdk(BlockingQueue<Object> q) {
    return new Queues() {
      @Override
      public void put(Object v) {
        try {
          q.put(v);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public Object take() {
        try {
          return q.take();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }
}
