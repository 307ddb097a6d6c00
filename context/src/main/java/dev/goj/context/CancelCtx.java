package dev.goj.context;

import dev.goj.chan.Chan;
import dev.goj.chan.RecvChan;
import dev.goj.chan.Select;
import dev.goj.runtime.Go;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Go's cancelCtx with propagateCancel, parentCancelCtx and removeChild (context/context.go): a
 * context that can be cancelled, and that cancels its children when it is.
 *
 * <p>State. {@code err} and {@code cause} go from null to set exactly once, by the first cancel,
 * under this context's monitor (Go's {@code mu}; a monitor costs no allocation per context, and is
 * held only for field updates and the cascade into the children, never across a park). {@code done}
 * is created lazily by the first {@link #done()} (Go: a {@code make(chan struct{})} on demand); a
 * cancel closes it, or installs the shared {@link #CLOSED} channel when nobody asked for one. So the
 * done channel is closed exactly once, and only after {@code err} is set.
 *
 * <p>Children. Go keeps a {@code map[canceler]struct{}}; here the children form an intrusive doubly
 * linked list through {@code prev}/{@code next}, so linking and unlinking cost no allocation and no
 * hashing, and a cancelled child leaves nothing behind (a Go map never shrinks). The list head
 * ({@code children}) is guarded by this monitor; a child's {@code prev}/{@code next} and
 * {@code linked} are guarded by the monitor of {@code parentCC}, the one context whose list can
 * hold it. Lock order is parent before child, as in Go: a cancel cascades down while holding each
 * parent's monitor; a child takes its parent's monitor only while holding none of its own.
 *
 * <p>Lazy linking (a goj departure from Go, which links every child when it is made). A context
 * made by withCancel joins its parent's list only when something must be told of a cancel: its
 * first {@link #done()}, a cancellable context derived from it, or an afterFunc on it. Timer and
 * afterFunc contexts link at once (their timer or function must not outlive the parent). Until it
 * is linked, a context cannot be reached by its parent's cancel, so it looks up instead: its
 * {@link #err()}, its {@link #cause} and its own cancel first consult the parent, and inherit the
 * parent's error and cause if it is already cancelled. Every observation therefore matches Go's
 * (after a parent's cancel returns, each descendant reports cancelled and its done channel, once
 * asked for, is closed), while making and cancelling a child nobody watches touches only the child.
 * Linking sets the child's {@code linked} under the child's monitor, after checking that it is not
 * cancelled, so a child cancelled during its linking is either never linked or unlinked by its own
 * cancel.
 *
 * <p>Reads without the monitor: {@link #err()} and {@link #done()} read with acquire, pairing with
 * the stores made under the monitor, which is all they need: each field is written once (done at
 * most twice: null, then a channel), and everything a reader then looks at (cause, the channel's
 * own fields) was written before that store.
 */
class CancelCtx implements CancelCauseContext {
  /** Go's {@code &cancelCtxKey}: the key a cancelCtx answers with itself in {@link #value}. */
  static final Object KEY = new Object();

  /** Go's closedchan: the done channel of a context cancelled before anyone asked for one. */
  static final Chan<Void> CLOSED = closedChan();

  /** Watcher goroutines started for parents of other implementations (Go's test hook of that name). */
  static final AtomicInteger GOROUTINES = new AtomicInteger();

  private static final VarHandle DONE;
  private static final VarHandle ERR;
  private static final VarHandle LINKED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      DONE = l.findVarHandle(CancelCtx.class, "done", Chan.class);
      ERR = l.findVarHandle(CancelCtx.class, "err", RuntimeException.class);
      LINKED = l.findVarHandle(CancelCtx.class, "linked", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final Context parent;
  /** The goj cancelCtx whose children list this context joins; null if it hooks in no such list. */
  final CancelCtx parentCC;

  @SuppressWarnings("unused") // accessed through DONE
  private Chan<Void> done;
  @SuppressWarnings("unused") // accessed through ERR
  private RuntimeException err;
  private Throwable cause;
  private CancelCtx children;
  private CancelCtx prev;
  private CancelCtx next;
  /** Set once, under parentCC's monitor and this one, when this context joins parentCC's list. */
  @SuppressWarnings("unused") // accessed through LINKED
  private boolean linked;
  /** The stop function from an {@link AfterFuncer} parent (Go's stopCtx); written under this monitor. */
  private BooleanSupplier stop;

  CancelCtx(Context parent, CancelCtx parentCC) {
    this.parent = parent;
    this.parentCC = parentCC;
  }

  private static Chan<Void> closedChan() {
    Chan<Void> c = Chan.make();
    c.close();
    return c;
  }

  /** Go's withCancel (linked into the parent lazily, see the class comment). */
  static CancelCtx withCancel(Context parent) {
    Contexts.requireParent(parent);
    CancelCtx c = new CancelCtx(parent, parentCancelCtx(parent));
    c.propagateCancel(false);
    return c;
  }

  /**
   * Go's parentCancelCtx: the goj cancelCtx that {@code parent} is cancelled with, or null. Through
   * values it is found directly; behind a context of another implementation only if that context's
   * {@code value(KEY)} leads to one and its done channel is that cancelCtx's own (a wrapper with a
   * done channel of its own must not be bypassed).
   */
  static CancelCtx parentCancelCtx(Context parent) {
    Context q = Contexts.skipValues(parent);
    if (q instanceof CancelCtx p) {
      return p;
    }
    if (q instanceof EmptyCtx || q instanceof WithoutCancelCtx) {
      return null;
    }
    RecvChan<Void> d = q.done();
    if (d == null || d == CLOSED || d == EmptyCtx.NEVER) {
      return null;
    }
    if (q.value(KEY) instanceof CancelCtx p && p.doneIfMade() == d) {
      return p;
    }
    return null;
  }

  /**
   * Go's propagateCancel: arranges for this new context to be cancelled when its parent is. Called
   * once, right after construction and before the context is handed out. Under a goj cancelCtx,
   * {@code eager} links it now; otherwise linking waits for the first observer.
   */
  final void propagateCancel(boolean eager) {
    if (parentCC != null) {
      if (eager) {
        ensureLinked();
      }
      return;
    }
    // Go's parent.(afterFuncer) test and watcher goroutine: here they look through values too.
    Context q = Contexts.skipValues(parent);
    if (q instanceof EmptyCtx || q instanceof WithoutCancelCtx) {
      return; // never cancelled
    }
    // q is a context of another implementation, not backed by a goj cancelCtx.
    RecvChan<Void> d = q.done();
    if (d == null || d == EmptyCtx.NEVER) {
      return;
    }
    if (isClosed(d)) {
      cancel(false, q.err(), cause(q));
      return;
    }
    if (q instanceof AfterFuncer a) {
      // Holding the monitor while registering: a callback that fires at once waits here until
      // stop is stored, so a later removeChild finds it.
      synchronized (this) {
        stop = a.afterFunc(() -> cancel(false, q.err(), cause(q)));
      }
      return;
    }
    GOROUTINES.incrementAndGet();
    Chan<Void> mine = doneChan();
    Go.go(() -> Select.of()
        .recv(d, (Consumer<Void>) v -> cancel(false, q.err(), cause(q)))
        .recv(mine, (Consumer<Void>) null)
        .run());
  }

  /** Whether a cancel of the parent reaches this context by itself (linked, or nothing to link to). */
  private boolean reachable() {
    return parentCC == null || (boolean) LINKED.getAcquire(this);
  }

  /**
   * Links this context into its parent's children, ancestors first (a child may only join a list
   * that its parent's cancel reaches); if the parent is already cancelled, cancels this context
   * with the parent's error and cause instead. Returns once either is done.
   */
  final void ensureLinked() {
    if (reachable() || ERR.getAcquire(this) != null) {
      return; // a cancelled context needs no link: its done is closed, its children see its err
    }
    CancelCtx p = parentCC;
    p.ensureLinked();
    p.link(this);
  }

  /** Go's propagateCancel under a cancelCtx parent: link {@code child}, or cancel it if this one is cancelled. */
  private void link(CancelCtx child) {
    RuntimeException e;
    Throwable c;
    synchronized (this) {
      e = errLocked();
      if (e == null) {
        // The child's monitor (parent before child, as in the cascade) orders this against the
        // child's own cancel: either that cancel comes first and the child stays out, or it comes
        // after and finds linked set, so it unlinks itself.
        synchronized (child) {
          if ((boolean) LINKED.get(child) || child.errLocked() != null) {
            return;
          }
          LINKED.setRelease(child, true);
        }
        CancelCtx h = children;
        child.next = h;
        if (h != null) {
          h.prev = child;
        }
        children = child;
        return;
      }
      c = cause;
    }
    // Already cancelled: the child inherits and stays unlinked (and still looks up, see cancel).
    child.cancel(false, e, c);
  }

  /** Go's removeChild(c.Context, c): unlinks this context from its parent's children, if still there. */
  final void removeChild() {
    CancelCtx p = parentCC;
    if (p != null) {
      // Every caller has just held this monitor (in cancel), after which link cannot set linked.
      if (!(boolean) LINKED.get(this)) {
        return; // never linked
      }
      synchronized (p) {
        CancelCtx pr = prev;
        CancelCtx nx = next;
        if (pr != null) {
          pr.next = nx;
        } else if (p.children == this) {
          p.children = nx;
        } else {
          return; // the parent's cancel already detached its whole list
        }
        if (nx != null) {
          nx.prev = pr;
        }
        prev = null;
        next = null;
      }
      return;
    }
    // Every caller has just held this monitor (in cancel), which orders it after the write of stop.
    BooleanSupplier s = stop;
    if (s != null) {
      s.getAsBoolean();
    }
  }

  /**
   * Go's cancelCtx.cancel: sets err and cause, closes done, cancels every child (which keep their
   * links to nothing: the list is dropped whole) and, if {@code removeFromParent}, unlinks this
   * context from its parent. Only the first call has any effect on the state. An unlinked context
   * whose parent is already cancelled takes the parent's error and cause instead (Go's parent would
   * have cancelled it first).
   */
  void cancel(boolean removeFromParent, RuntimeException err, Throwable cause) {
    if (err == null) {
      throw new IllegalStateException("context: internal error: missing cancel error");
    }
    if (!reachable()) {
      // No monitor is held here, so the parent may take its own while materializing its state.
      RuntimeException pe = parentCC.err();
      if (pe != null) {
        err = pe;
        cause = parentCC.cause;
      }
    }
    if (cause == null) {
      cause = err;
    }
    synchronized (this) {
      if (errLocked() != null) {
        return; // already cancelled
      }
      this.cause = cause;
      // Release: a reader that sees err (acquire) also sees cause.
      ERR.setRelease(this, err);
      @SuppressWarnings("unchecked")
      Chan<Void> d = (Chan<Void>) DONE.get(this);
      if (d == null) {
        DONE.setRelease(this, CLOSED);
      } else {
        d.close();
      }
      for (CancelCtx child = children; child != null; ) {
        CancelCtx nx = child.next;
        child.prev = null;
        child.next = null;
        child.cancel(false, err, cause);
        child = nx;
      }
      children = null;
    }
    if (removeFromParent) {
      removeChild();
    }
  }

  /** err as stored, without looking up (under this monitor, or where staleness is harmless). */
  final RuntimeException errLocked() {
    return (RuntimeException) ERR.get(this);
  }

  /** The done channel if one was made or installed, else null (parentCancelCtx's identity check). */
  @SuppressWarnings("unchecked")
  final Chan<Void> doneIfMade() {
    return (Chan<Void>) DONE.getAcquire(this);
  }

  /** Go's cancelCtx.Done: the done channel, made on first use (which links this context first). */
  final Chan<Void> doneChan() {
    Chan<Void> d = doneIfMade();
    if (d != null) {
      return d;
    }
    // Linked before the channel is handed out, so any later cancel of an ancestor closes it.
    ensureLinked();
    synchronized (this) {
      d = doneIfMade();
      if (d == null) {
        d = Chan.make();
        // Release: the channel's construction is visible to whoever reads it with acquire.
        DONE.setRelease(this, d);
      }
      return d;
    }
  }

  /** Go's Cause for a cancelCtx: the cause, or null while not cancelled. */
  final Throwable causeIfCancelled() {
    // cause was written before the store of err that err() observed.
    return err() == null ? null : cause;
  }

  /** Go's Cause. */
  static Throwable cause(Context c) {
    if (c == null) {
      throw new IllegalArgumentException("c is null");
    }
    if (Contexts.value(c, KEY) instanceof CancelCtx cc) {
      return cc.causeIfCancelled();
    }
    return c.err();
  }

  /** A non-blocking receive: whether a done channel (on which nothing is ever sent) is closed. */
  private static boolean isClosed(RecvChan<Void> d) {
    return Select.of().recv(d, (Consumer<Void>) null).defaultCase(null).run() == 0;
  }

  /** The number of linked children (tests and diagnostics). */
  final int childCount() {
    synchronized (this) {
      int n = 0;
      for (CancelCtx c = children; c != null; c = c.next) {
        n++;
      }
      return n;
    }
  }

  /** Whether {@code child} is in this context's children list (tests and diagnostics). */
  final boolean hasChild(CancelCtx child) {
    synchronized (this) {
      for (CancelCtx c = children; c != null; c = c.next) {
        if (c == child) {
          return true;
        }
      }
      return false;
    }
  }

  @Override
  public Optional<Instant> deadline() {
    return parent.deadline();
  }

  @Override
  public RecvChan<Void> done() {
    return doneChan();
  }

  /** Null while live. An unlinked context whose parent is cancelled takes on the parent's state here. */
  @Override
  public RuntimeException err() {
    RuntimeException e = (RuntimeException) ERR.getAcquire(this);
    if (e != null || reachable()) {
      return e;
    }
    RuntimeException pe = parentCC.err();
    if (pe == null) {
      return null;
    }
    cancel(false, pe, parentCC.cause);
    return (RuntimeException) ERR.getAcquire(this);
  }

  @Override
  public Object value(Object key) {
    return Contexts.value(this, key);
  }

  @Override
  public void cancel() {
    cancel(true, Context.CANCELED, null);
  }

  @Override
  public void cancel(Throwable cause) {
    cancel(true, Context.CANCELED, cause);
  }

  @Override
  public void close() {
    cancel();
  }

  @Override
  public String toString() {
    return Contexts.contextName(parent) + ".WithCancel";
  }
}
