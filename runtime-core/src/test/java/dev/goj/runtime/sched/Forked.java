package dev.goj.runtime.sched;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@link SchedChild} in a fresh JVM (everything on the class path) and captures its output. */
final class Forked {
  record Result(int exit, String out, String err) {}

  private Forked() {}

  static Result run(List<String> jvmArgs, String... args) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = String.join(File.pathSeparator,
        nonEmpty(System.getProperty("jdk.module.path")), nonEmpty(System.getProperty("java.class.path")));
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(cp);
    cmd.add(SchedChild.class.getName());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("goj-child", ".out");
    Path err = Files.createTempFile("goj-child", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("child JVM hung: " + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String nonEmpty(String s) {
    return s == null ? "" : s;
  }
}
