package dev.goj.chan;

/**
 * The send side of a channel: Go's {@code chan<- T}. A {@link Chan} passed as a {@code SendChan}
 * lets the callee send and close but not receive.
 */
public interface SendChan<T> {
  /** Go's {@code ch <- v}: blocks until a receiver takes {@code v} or the buffer has room. */
  void send(T v);

  /** Go's {@code close(ch)}. Panics (IllegalStateException) on a closed or nil channel. */
  void close();

  /** Go's {@code len(ch)}: the number of buffered elements. */
  int len();

  /** Go's {@code cap(ch)}: the buffer size. */
  int cap();
}
