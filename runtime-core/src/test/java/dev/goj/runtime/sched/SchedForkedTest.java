package dev.goj.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Behaviour that depends on JVM flags or system properties, checked in a fresh JVM each. */
@Timeout(120)
class SchedForkedTest {
  private static final String OPEN = "--add-opens=java.base/java.lang=ALL-UNNAMED";

  /** Without java.lang opened, goroutines use the JDK's scheduler and goj says so exactly once. */
  @Test
  void fallsBackToTheJdkSchedulerWithOneLineOnStderr() throws Exception {
    Forked.Result r = Forked.run(List.of(), "work", "2000");
    assertEquals(0, r.exit(), r.err());
    assertEquals("ran=2000 gomaxprocs=3 goroutines=0\n", r.out());
    String[] lines = r.err().split("\n");
    assertEquals(1, lines.length, r.err());
    assertTrue(lines[0].startsWith("goj: java.lang is not open to goj ("), lines[0]);
    assertTrue(lines[0].contains("--add-opens java.base/java.lang=ALL-UNNAMED"), lines[0]);
  }

  @Test
  void withTheFlagThereIsNoFallbackNotice() throws Exception {
    Forked.Result r = Forked.run(List.of(OPEN), "work", "2000");
    assertEquals(0, r.exit(), r.err());
    assertEquals("ran=2000 gomaxprocs=3 goroutines=0\n", r.out());
    assertEquals("", r.err());
  }

  /** -Dgoj.gomaxprocs sets the initial P count; -Dgoj.schedtrace=MS prints Go's trace line. */
  @Test
  void schedtracePrintsGoLines() throws Exception {
    Forked.Result r = Forked.run(List.of(OPEN, "-Dgoj.gomaxprocs=2", "-Dgoj.schedtrace=20"), "work", "5000");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.err().lines().toList();
    assertTrue(lines.size() >= 2, r.err());
    for (String l : lines) {
      assertTrue(l.matches("SCHED \\d+ms: gomaxprocs=[23] idleprocs=\\d+ threads=\\d+ spinningthreads=\\d+ "
          + "idlethreads=\\d+ runqueue=\\d+ \\[\\d+( \\d+){1,2}\\]"), l);
    }
    assertTrue(lines.get(0).contains("gomaxprocs=2 "), lines.get(0));
    assertTrue(lines.get(lines.size() - 1).contains("gomaxprocs=3 "), r.err());
  }

  /** Idle Ms exit after the idle timeout, and new ones start when work returns. */
  @Test
  void idleMsExit() throws Exception {
    Forked.Result r = Forked.run(List.of(OPEN, "-Dgoj.midletimeout=100"), "idle");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().matches("(?s)busyThreads=[1-9]\\d* idleThreads=0 mcount=1\nagain=true\n"), r.out());
  }

  @Test
  void threadLimitIsReportedAndRespected() throws Exception {
    Forked.Result r = Forked.run(List.of(OPEN), "threadlimit");
    assertEquals(0, r.exit(), r.err());
    assertEquals("ranWhileStuck=false ranAfter=true\n", r.out());
    assertTrue(r.err().contains("runtime: program exceeds 1-thread limit"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }
}
