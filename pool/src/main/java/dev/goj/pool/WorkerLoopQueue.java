package dev.goj.pool;

/**
 * A fixed ring of idle workers: ants' {@code loopQueue} (worker_loop_queue.go), used by preAlloc
 * pools so that the idle list never allocates after construction. FIFO: the worker idle longest
 * gets the next task, and refresh cuts stale workers from the head.
 *
 * <p>Invariants: the idle workers are {@code items[head], items[head+1], ...} (mod capacity),
 * {@code len()} of them, with ascending {@code lastUsed}; {@code head == tail} means empty unless
 * {@code full}; every other slot is null.
 */
final class WorkerLoopQueue implements WorkerQueue {
  private final Worker[] items;
  private int head;
  private int tail;
  private boolean full;

  WorkerLoopQueue(int capacity) {
    items = new Worker[capacity];
  }

  @Override
  public int len() {
    if (full) {
      return items.length;
    }
    int n = tail - head;
    return n >= 0 ? n : n + items.length;
  }

  @Override
  public boolean isEmpty() {
    return head == tail && !full;
  }

  @Override
  public boolean insert(Worker w) {
    if (full) {
      return false;
    }
    items[tail] = w;
    tail = next(tail);
    full = tail == head;
    return true;
  }

  @Override
  public Worker detach() {
    if (isEmpty()) {
      return null;
    }
    Worker w = items[head];
    items[head] = null;
    head = next(head);
    full = false;
    return w;
  }

  private int next(int i) {
    return i + 1 == items.length ? 0 : i + 1;
  }

  @Override
  public Worker[] refresh(long cutoff) {
    int n = staleCount(cutoff);
    if (n == 0) {
      return NONE;
    }
    Worker[] stale = new Worker[n];
    for (int i = 0; i < n; i++) {
      stale[i] = items[head];
      items[head] = null;
      head = next(head);
    }
    full = false;
    return stale;
  }

  /** How many workers from the head have been idle since {@code cutoff} or earlier. */
  private int staleCount(long cutoff) {
    int len = len();
    int l = 0;
    int r = len - 1;
    // Binary search over logical positions 0..len-1 of the ring, as ants maps head..tail.
    while (l <= r) {
      int mid = (l + r) >>> 1;
      int at = head + mid;
      if (at >= items.length) {
        at -= items.length;
      }
      if (items[at].lastUsed - cutoff > 0) {
        r = mid - 1;
      } else {
        l = mid + 1;
      }
    }
    return r + 1;
  }

  @Override
  public void reset() {
    for (Worker w; (w = detach()) != null; ) {
      w.finish();
    }
    head = 0;
    tail = 0;
  }
}
