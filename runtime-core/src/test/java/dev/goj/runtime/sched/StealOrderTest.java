package dev.goj.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Port of Go's RunStealOrderTest (runtime/export_test.go). */
class StealOrderTest {
  private static int coprimes(int procs) {
    int n = 0;
    for (int i = 1; i <= procs; i++) {
      if (java.math.BigInteger.valueOf(i).gcd(java.math.BigInteger.valueOf(procs)).intValue() == 1) {
        n++;
      }
    }
    return n;
  }

  @Test
  void everyEnumerationVisitsEachPOnce() {
    for (int procs = 1; procs <= 64; procs++) {
      StealOrder ord = new StealOrder(procs);
      int ncoprimes = coprimes(procs);
      assertTrue(procs < 3 || ncoprimes >= 2, "too few coprimes");
      for (int co = 0; co < ncoprimes; co++) {
        int r = co * procs; // selects coprime number co, starting at 0
        int pos = ord.start(r);
        int inc = ord.step(r);
        boolean[] checked = new boolean[procs];
        for (int p = 0; p < procs; p++, pos = ord.next(pos, inc)) {
          assertFalse(checked[pos], "duplicate during enumeration, procs " + procs + " inc " + inc);
          checked[pos] = true;
        }
      }
    }
  }

  @Test
  void differentSeedsGiveDifferentStartsAndSteps() {
    for (int procs = 2; procs <= 64; procs++) {
      StealOrder ord = new StealOrder(procs);
      boolean[] checked = new boolean[procs * (procs + 1)];
      for (int i = 0; i < procs * coprimes(procs); i++) {
        int j = ord.start(i) * procs + ord.step(i);
        assertFalse(checked[j], "duplicate pos+inc, procs " + procs);
        checked[j] = true;
      }
    }
  }

  @Test
  void rejectsZeroProcs() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StealOrder(0));
    assertTrue(e.getMessage().contains("count"));
  }
}
