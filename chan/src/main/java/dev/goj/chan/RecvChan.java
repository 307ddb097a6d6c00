package dev.goj.chan;

/**
 * The receive side of a channel: Go's {@code <-chan T}. Iterating it is Go's
 * {@code for v := range ch}: it yields every value until the channel is closed and drained.
 */
public interface RecvChan<T> extends Iterable<T> {
  /** Go's {@code <-ch}: blocks for a value; on a closed and drained channel returns null at once. */
  T recv();

  /** Go's {@code v, ok := <-ch}: {@code ok} is false only when the channel is closed and drained. */
  Received<T> recvOk();

  /** Go's {@code len(ch)}: the number of buffered elements. */
  int len();

  /** Go's {@code cap(ch)}: the buffer size. */
  int cap();
}
