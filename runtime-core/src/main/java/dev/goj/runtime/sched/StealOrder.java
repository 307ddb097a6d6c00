package dev.goj.runtime.sched;

/**
 * Visits every P exactly once in a pseudo-random order: Go's randomOrder/randomEnum
 * (runtime/proc.go), used by stealWork so that idle Ms do not all rob the same victim.
 *
 * <p>If {@code inc} and {@code count} are coprime, {@code pos, pos+inc, pos+2*inc, ... (mod count)}
 * is a permutation of {@code 0..count-1}; a random start and a random coprime step give a cheap
 * random permutation. Immutable: procresize installs a new one with each new allp.
 */
public final class StealOrder {
  private final int count;
  private final int[] coprimes;

  public StealOrder(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, was " + count);
    }
    this.count = count;
    int n = 0;
    int[] c = new int[count];
    for (int i = 1; i <= count; i++) {
      if (gcd(i, count) == 1) {
        c[n++] = i;
      }
    }
    this.coprimes = java.util.Arrays.copyOf(c, n);
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** The number of positions each enumeration visits. */
  public int count() {
    return count;
  }

  /** Go's randomOrder.start: the first position for random seed {@code r}. */
  public int start(int r) {
    return Integer.remainderUnsigned(r, count);
  }

  /** The step of the enumeration that starts from seed {@code r}. */
  public int step(int r) {
    return coprimes[Integer.remainderUnsigned(Integer.divideUnsigned(r, count), coprimes.length)];
  }

  /** Go's randomEnum.next: the position after {@code pos} with step {@code inc}. */
  public int next(int pos, int inc) {
    return (pos + inc) % count;
  }
}
