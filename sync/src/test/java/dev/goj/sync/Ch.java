package dev.goj.sync;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * A stand-in for the Go channels that Go's sync tests use (the sync module cannot depend on the
 * chan module): an unbuffered channel is a SynchronousQueue, a buffered one a bounded queue.
 */
final class Ch<T> {
  private final BlockingQueue<T> q;

  private Ch(BlockingQueue<T> q) {
    this.q = q;
  }

  static <T> Ch<T> make() {
    return new Ch<>(new SynchronousQueue<>());
  }

  static <T> Ch<T> make(int cap) {
    return new Ch<>(new LinkedBlockingQueue<>(cap));
  }

  void send(T v) {
    try {
      q.put(v);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  T recv() {
    try {
      return q.take();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Go's select with a default case: the value if one is ready now, else null. */
  T poll() {
    return q.poll();
  }
}
