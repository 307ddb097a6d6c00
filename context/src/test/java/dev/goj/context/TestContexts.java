package dev.goj.context;

import dev.goj.chan.Chan;
import dev.goj.chan.RecvChan;
import dev.goj.chan.Select;
import dev.goj.time.Time;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/** Test helpers: Go's otherContext and friends, and non-blocking probes of done channels. */
final class TestContexts {
  static final Duration SHORT = Duration.ofMillis(1);
  static final Duration VERY_LONG = Duration.ofHours(1000);

  private TestContexts() {}

  /** Whether c.done() is closed, without blocking (Go's select with default). */
  static boolean isDone(Context c) {
    return isClosed(c.done());
  }

  static boolean isClosed(RecvChan<?> ch) {
    @SuppressWarnings("unchecked")
    RecvChan<Object> o = (RecvChan<Object>) ch;
    return Select.of().recv(o, (Consumer<Object>) v -> { }).defaultCase(null).run() == 0;
  }

  /** Whether c.done() closes within d (a negative check: "not yet" never fails a slow machine). */
  static boolean doneWithin(RecvChan<?> ch, Duration d) {
    @SuppressWarnings("unchecked")
    RecvChan<Object> o = (RecvChan<Object>) ch;
    return Select.of().recv(o, (Consumer<Object>) v -> { }).recv(Time.after(d), (Consumer<Instant>) v -> { }).run() == 0;
  }

  /** Go's otherContext: a Context that is not one of this package's types, delegating everything. */
  static class OtherContext implements Context {
    final Context c;

    OtherContext(Context c) {
      this.c = c;
    }

    @Override
    public Optional<Instant> deadline() {
      return c.deadline();
    }

    @Override
    public RecvChan<Void> done() {
      return c.done();
    }

    @Override
    public RuntimeException err() {
      return c.err();
    }

    @Override
    public Object value(Object key) {
      return c.value(key);
    }

    @Override
    public String toString() {
      return "OtherContext(" + c + ")";
    }
  }

  /** Go's myDoneCtx: a wrapper whose done() is a fresh channel on every call. */
  static final class MyDoneContext extends OtherContext {
    MyDoneContext(Context c) {
      super(c);
    }

    @Override
    public RecvChan<Void> done() {
      return Chan.make();
    }
  }

  /** Go's customDoneContext: a wrapper with a done channel of its own. */
  static final class CustomDoneContext extends OtherContext {
    private final Chan<Void> donec;

    CustomDoneContext(Context c, Chan<Void> donec) {
      super(c);
      this.donec = donec;
    }

    @Override
    public RecvChan<Void> done() {
      return donec;
    }
  }
}
