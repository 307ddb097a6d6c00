package dev.goj.context;

import dev.goj.chan.Chan;
import dev.goj.chan.RecvChan;
import java.time.Instant;
import java.util.Optional;

/**
 * Go's emptyCtx (backgroundCtx and todoCtx): never cancelled, no deadline, no values. Its done
 * channel is the nil channel, goj's form of Go's nil Done(): receiving from it blocks forever and a
 * select never picks it, and it cannot be closed.
 */
final class EmptyCtx implements Context {
  /** The done channel of every context that can never be cancelled. */
  static final Chan<Void> NEVER = Chan.nil();

  static final EmptyCtx BACKGROUND = new EmptyCtx("context.Background");
  static final EmptyCtx PLACEHOLDER_CTX = new EmptyCtx("context.TODO");

  private final String name;

  private EmptyCtx(String name) {
    this.name = name;
  }

  @Override
  public Optional<Instant> deadline() {
    return Optional.empty();
  }

  @Override
  public RecvChan<Void> done() {
    return NEVER;
  }

  @Override
  public RuntimeException err() {
    return null;
  }

  @Override
  public Object value(Object key) {
    return null;
  }

  @Override
  public String toString() {
    return name;
  }
}
