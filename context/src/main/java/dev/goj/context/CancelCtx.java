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
 * <p>State. Go sets {@code err} and {@code cause} under {@code mu}; here the first cancel installs
 * both at once, as one immutable {@link Cancellation}, with a single CAS on {@code state} (the
 * linearization point of a cancel; the cause-less pairs are shared, so a plain cancel allocates
 * nothing). Everything else a cancel does follows that CAS, done only by its winner, and takes a
 * lock only where there is something to do:
 * <ul>
 *   <li>{@code done} is made lazily by the first {@link #done()} (Go: made on demand). A done()
 *       that finds the context cancelled installs the shared {@link #CLOSED} channel. A done()
 *       that installs a fresh channel then re-reads {@code state}, while the cancel winner reads
 *       {@code done} after its CAS: sequential consistency (CAS, volatile load on each side)
 *       guarantees at least one of them sees the other, and {@code doneClosed} picks the one that
 *       closes it. So done() always returns the same channel, and it is closed exactly once.</li>
 *   <li>{@code children} (Go's map) is an intrusive doubly linked list through {@code prev} and
 *       {@code next}: linking and unlinking cost no allocation and no hashing, and a cancelled child
 *       leaves nothing behind (a Go map never shrinks). It is changed only under this context's
 *       monitor. The cancel winner takes that monitor only if it sees a head after its CAS; a
 *       {@link #link} publishes the head and then re-reads {@code state}, and takes the new child
 *       back out if the cancel may have missed it.</li>
 * </ul>
 * A child's {@code prev}, {@code next} and {@code linked} belong to its parent's monitor. Lock
 * order is ancestor before descendant, as in Go: a cascade holds each parent's monitor while it
 * cancels the children; nothing takes a parent's monitor while holding a child's.
 *
 * <p>Lazy linking (a goj departure from Go, which links every child when it is made). A context
 * made by withCancel joins its parent's list only when something must be told of a cancel: its
 * first {@link #done()}, a cancellable context derived from it, or an afterFunc on it. Timer and
 * afterFunc contexts link at once (their timer or function must not outlive the parent). Until it
 * is linked, a context cannot be reached by its parent's cancel, so it looks up instead: its
 * {@link #err()}, its {@link #cause} and its own cancel first consult the parent, and take on the
 * parent's state if that is already cancelled. Every observation therefore matches Go's (after a
 * parent's cancel returns, each descendant reports cancelled, and its done channel, once asked
 * for, is closed), while making and cancelling a child nobody watches touches only the child. A
 * link and the child's own cancel race like done() and cancel: the link stores {@code linked} then
 * reads the child's {@code state}, the cancel CASes {@code state} then reads {@code linked}, so a
 * child cancelled during its linking is either left out or unlinks itself.
 */
class CancelCtx implements CancelCauseContext {
  /** Go's {@code &cancelCtxKey}: the key a cancelCtx answers with itself in {@link #value}. */
  static final Object KEY = new Object();

  /** Go's closedchan: the done channel of a context cancelled before anyone asked for one. */
  static final Chan<Void> CLOSED = closedChan();

  /** Watcher goroutines started for parents of other implementations (Go's test hook of that name). */
  static final AtomicInteger GOROUTINES = new AtomicInteger();

  private static final VarHandle STATE;
  private static final VarHandle DONE;
  private static final VarHandle DONE_CLOSED;
  private static final VarHandle CHILDREN;
  private static final VarHandle LINKED;
  private static final VarHandle STOP;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATE = l.findVarHandle(CancelCtx.class, "state", Cancellation.class);
      DONE = l.findVarHandle(CancelCtx.class, "done", Chan.class);
      DONE_CLOSED = l.findVarHandle(CancelCtx.class, "doneClosed", boolean.class);
      CHILDREN = l.findVarHandle(CancelCtx.class, "children", CancelCtx.class);
      LINKED = l.findVarHandle(CancelCtx.class, "linked", boolean.class);
      STOP = l.findVarHandle(CancelCtx.class, "stop", BooleanSupplier.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Go's (err, cause) after a cancel, installed whole. */
  static final class Cancellation {
    static final Cancellation CANCELED = new Cancellation(Context.CANCELED, Context.CANCELED);
    static final Cancellation DEADLINE_EXCEEDED =
        new Cancellation(Context.DEADLINE_EXCEEDED, Context.DEADLINE_EXCEEDED);

    final RuntimeException err;
    final Throwable cause;

    private Cancellation(RuntimeException err, Throwable cause) {
      this.err = err;
      this.cause = cause;
    }

    /** {@code err} with {@code cause}; a null cause means err itself, as in Go. */
    static Cancellation of(RuntimeException err, Throwable cause) {
      if (err == null) {
        throw new IllegalStateException("context: internal error: missing cancel error");
      }
      if (cause == null || cause == err) {
        if (err == Context.CANCELED) {
          return CANCELED;
        }
        if (err == Context.DEADLINE_EXCEEDED) {
          return DEADLINE_EXCEEDED;
        }
        cause = err;
      }
      return new Cancellation(err, cause);
    }
  }

  final Context parent;
  /** The goj cancelCtx whose children list this context joins; null if it hooks in no such list. */
  final CancelCtx parentCC;

  @SuppressWarnings("unused") // accessed through STATE
  private Cancellation state;
  @SuppressWarnings("unused") // accessed through DONE
  private Chan<Void> done;
  @SuppressWarnings("unused") // accessed through DONE_CLOSED
  private boolean doneClosed;
  @SuppressWarnings("unused") // accessed through CHILDREN
  private CancelCtx children;
  private CancelCtx prev;
  private CancelCtx next;
  @SuppressWarnings("unused") // accessed through LINKED
  private boolean linked;
  /** The stop function from an {@link AfterFuncer} parent (Go's stopCtx). */
  @SuppressWarnings("unused") // accessed through STOP
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
      cancel(false, Cancellation.of(q.err(), cause(q)));
      return;
    }
    if (q instanceof AfterFuncer a) {
      // Only cancel(removeFromParent = true) reads stop: the owner's cancel, this context's timer
      // or its afterFunc's stop, all started after this store and ordered after it.
      STOP.setRelease(this, a.afterFunc(() -> cancel(false, Cancellation.of(q.err(), cause(q)))));
      return;
    }
    GOROUTINES.incrementAndGet();
    Chan<Void> mine = doneChan();
    Go.go(() -> Select.of()
        .recv(d, (Consumer<Void>) v -> cancel(false, Cancellation.of(q.err(), cause(q))))
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
   * with the parent's state instead. Returns once either is done.
   */
  final void ensureLinked() {
    if (reachable() || STATE.getAcquire(this) != null) {
      return; // a cancelled context needs no link: its done is closed, its children see its state
    }
    CancelCtx p = parentCC;
    p.ensureLinked();
    p.link(this);
  }

  /** Go's propagateCancel under a cancelCtx parent: link {@code child}, or cancel it if this one is cancelled. */
  private void link(CancelCtx child) {
    Cancellation s;
    synchronized (this) {
      s = (Cancellation) STATE.getVolatile(this);
      if (s == null) {
        if ((boolean) LINKED.get(child)) {
          return;
        }
        // Store linked, then load the child's state: pairs with the child's cancel (CAS state,
        // then load linked), see the class comment.
        LINKED.setVolatile(child, true);
        if (STATE.getVolatile(child) != null) {
          return; // cancelled meanwhile by itself: it stays out of the list
        }
        CancelCtx h = (CancelCtx) CHILDREN.get(this);
        child.next = h;
        if (h != null) {
          h.prev = child;
        }
        // Store the head, then load our state: pairs with our own cancel (CAS state, then load
        // children). If that cancel may have missed the child, take it back out and cancel it here.
        CHILDREN.setVolatile(this, child);
        s = (Cancellation) STATE.getVolatile(this);
        if (s == null) {
          return;
        }
        CHILDREN.setRelease(this, h);
        if (h != null) {
          h.prev = null;
        }
        child.next = null;
      }
    }
    // Already cancelled: the child takes on the state (if linked above, it was taken back out).
    child.cancel(false, s);
  }

  /** Go's removeChild(c.Context, c): unlinks this context from its parent's children, if still there. */
  final void removeChild() {
    CancelCtx p = parentCC;
    if (p != null) {
      // After our CAS of state, a link either saw it (and left us out) or had stored linked.
      if (!(boolean) LINKED.getVolatile(this)) {
        return; // never linked
      }
      synchronized (p) {
        CancelCtx pr = prev;
        CancelCtx nx = next;
        if (pr != null) {
          pr.next = nx;
        } else if (CHILDREN.get(p) == this) {
          CHILDREN.setRelease(p, nx);
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
    BooleanSupplier s = (BooleanSupplier) STOP.getAcquire(this);
    if (s != null) {
      s.getAsBoolean();
    }
  }

  /**
   * Go's cancelCtx.cancel: installs {@code s} (the first cancel wins, later ones do nothing), then
   * closes done, cancels every child (dropping the list whole) and, if {@code removeFromParent},
   * unlinks this context from its parent. An unlinked context whose parent is already cancelled
   * takes on the parent's state instead (Go's parent would have cancelled it first).
   */
  void cancel(boolean removeFromParent, Cancellation s) {
    if (!reachable()) {
      Cancellation ps = parentCC.state();
      if (ps != null) {
        s = ps;
      }
    }
    if (!STATE.compareAndSet(this, null, s)) {
      return; // already cancelled
    }
    // Volatile loads after the CAS: see the class comment for what each pairs with.
    @SuppressWarnings("unchecked")
    Chan<Void> d = (Chan<Void>) DONE.getVolatile(this);
    if (d != null) {
      closeDone(d);
    }
    if (CHILDREN.getVolatile(this) != null) {
      synchronized (this) {
        CancelCtx child = (CancelCtx) CHILDREN.get(this);
        CHILDREN.setRelease(this, null);
        while (child != null) {
          CancelCtx nx = child.next;
          child.prev = null;
          child.next = null;
          child.cancel(false, s);
          child = nx;
        }
      }
    }
    if (removeFromParent) {
      removeChild();
    }
  }

  /** Closes this context's done channel {@code d} unless someone already did (or it is CLOSED). */
  private void closeDone(Chan<Void> d) {
    if (d != CLOSED && DONE_CLOSED.compareAndSet(this, false, true)) {
      d.close();
    }
  }

  /** The state as installed, without looking up (null while this context is not cancelled itself). */
  final Cancellation stateNow() {
    return (Cancellation) STATE.getVolatile(this);
  }

  /** The state; an unlinked context whose parent is cancelled takes on the parent's state here. */
  final Cancellation state() {
    Cancellation s = (Cancellation) STATE.getAcquire(this);
    if (s != null || reachable()) {
      return s;
    }
    Cancellation ps = parentCC.state();
    if (ps == null) {
      return null;
    }
    cancel(false, ps);
    return (Cancellation) STATE.getAcquire(this);
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
    Chan<Void> mine = state() != null ? CLOSED : Chan.make();
    if (!DONE.compareAndSet(this, null, mine)) {
      return doneIfMade(); // another caller installed one first
    }
    if (mine != CLOSED && STATE.getVolatile(this) != null) {
      closeDone(mine); // a cancel may have looked before our CAS
    }
    return mine;
  }

  /** Go's Cause for a cancelCtx: the cause, or null while not cancelled. */
  final Throwable causeIfCancelled() {
    Cancellation s = state();
    return s == null ? null : s.cause;
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
      for (CancelCtx c = (CancelCtx) CHILDREN.get(this); c != null; c = c.next) {
        n++;
      }
      return n;
    }
  }

  /** Whether {@code child} is in this context's children list (tests and diagnostics). */
  final boolean hasChild(CancelCtx child) {
    synchronized (this) {
      for (CancelCtx c = (CancelCtx) CHILDREN.get(this); c != null; c = c.next) {
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

  @Override
  public RuntimeException err() {
    Cancellation s = state();
    return s == null ? null : s.err;
  }

  @Override
  public Object value(Object key) {
    return Contexts.value(this, key);
  }

  @Override
  public void cancel() {
    cancel(true, Cancellation.CANCELED);
  }

  @Override
  public void cancel(Throwable cause) {
    cancel(true, Cancellation.of(Context.CANCELED, cause));
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
