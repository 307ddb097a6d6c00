package dev.goj.context;

import java.util.function.BooleanSupplier;

/**
 * Implemented by a {@link Context} from outside this package that can run a function when it is
 * done (Go's unexported {@code afterFuncer} interface). A child derived from such a parent is
 * hooked to it through {@link #afterFunc} instead of a watcher goroutine.
 */
public interface AfterFuncer {
  /**
   * Arranges for {@code f} to run in its own goroutine once this context is done; returns a stop
   * function that unregisters {@code f} and reports whether it did so before {@code f} started.
   */
  BooleanSupplier afterFunc(Runnable f);
}
