package dev.goj.pool;

import java.util.Arrays;

/**
 * A LIFO of idle workers: ants' {@code workerStack} (worker_stack.go), used unless the pool is
 * preAlloc. The most recently idled worker gets the next task: it is the one most likely still
 * spinning in {@code G.park} (no unpark needed) with a warm cache, and the ones at the bottom are
 * left to expire, which is how an idle pool shrinks.
 *
 * <p>Invariants: {@code items[0, size)} are the idle workers, oldest first, with ascending
 * {@code lastUsed}; slots from {@code size} on are null so no stopped worker is kept reachable.
 */
final class WorkerStack implements WorkerQueue {
  private Worker[] items;
  private int size;

  WorkerStack() {
    items = new Worker[16];
  }

  @Override
  public int len() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public boolean insert(Worker w) {
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2);
    }
    items[size++] = w;
    return true;
  }

  @Override
  public Worker detach() {
    if (size == 0) {
      return null;
    }
    Worker w = items[--size];
    items[size] = null;
    return w;
  }

  @Override
  public Worker[] refresh(long cutoff) {
    int last = lastIdleSince(cutoff);
    if (last < 0) {
      return NONE;
    }
    int n = last + 1;
    Worker[] stale = Arrays.copyOfRange(items, 0, n);
    System.arraycopy(items, n, items, 0, size - n);
    Arrays.fill(items, size - n, size, null);
    size -= n;
    return stale;
  }

  /** The index of the newest worker idle since {@code cutoff} or earlier, -1 if none. */
  private int lastIdleSince(long cutoff) {
    int l = 0;
    int r = size - 1;
    while (l <= r) {
      int mid = (l + r) >>> 1;
      // nanoTime values are compared by difference: they may wrap.
      if (items[mid].lastUsed - cutoff > 0) {
        r = mid - 1;
      } else {
        l = mid + 1;
      }
    }
    return r;
  }

  @Override
  public void reset() {
    for (int i = 0; i < size; i++) {
      items[i].finish();
      items[i] = null;
    }
    size = 0;
  }
}
