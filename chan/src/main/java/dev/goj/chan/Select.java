package dev.goj.chan;

import dev.goj.runtime.internal.G;
import dev.goj.runtime.internal.Oversubscription;
import dev.goj.runtime.internal.Sudog;
import dev.goj.runtime.internal.WaitReason;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Go's {@code select} statement: selectgo of runtime/select.go, plus the compiler's rewrites of
 * small selects (walkSelectCases): no case blocks forever, one case is a plain channel operation,
 * one case plus default is a non-blocking one.
 *
 * <p>selectgo: shuffle the poll order (uniform choice among ready cases), sort a lock order by
 * channel id and lock each distinct channel once; pass 1 takes the first ready case in poll order;
 * otherwise pass 2 queues one select sudog per case, unlocks and parks; a waker that dequeues one of
 * them must first win {@link G#casSelectDone} (WaitQueue.dequeue does it), so exactly one case
 * commits; after waking, pass 3 relocks everything and unlinks the losing sudogs, so none is left
 * behind to steal a later value. Cases on a nil channel are left out of both orders.
 *
 * <p>A {@code Select} is an immutable-after-build list of cases (plus a poll-budget hint);
 * {@link #run} may be called again (for a loop) and from several threads: each run keeps its state
 * on its own stack.
 */
public final class Select {
  private static final int RECV = 0;
  private static final int RECV_OK = 1;
  private static final int SEND = 2;

  /** One case: a channel (null for default), its direction, the value to send and the body. */
  private record Case(Chan<?> c, int dir, Object value, Object body, int index) {}

  private Case[] cases = new Case[4];
  /**
   * How long a blocked platform thread polls before parking ({@link #await}): a hint shared by the
   * runs of this select, so racing updates lose an adjustment at worst; volatile so a long cannot
   * tear, written only on change.
   */
  private volatile long pollBudget = Chan.SPIN_MAX_NS;
  private int ncases;
  private int total;
  private int defaultIndex = -1;
  private Runnable defaultBody;

  private Select() {}

  /** An empty select; add cases, then {@link #run}. */
  public static Select of() {
    return new Select();
  }

  /** {@code case v := <-ch: body(v)}. A null or nil channel is never ready. */
  public <T> Select recv(RecvChan<T> ch, Consumer<? super T> body) {
    return add(chan(ch), RECV, null, body);
  }

  /** {@code case v, ok := <-ch: body(v, ok)}. A null or nil channel is never ready. */
  public <T> Select recv(RecvChan<T> ch, BiConsumer<? super T, Boolean> body) {
    return add(chan(ch), RECV_OK, null, body);
  }

  /** {@code case ch <- value: body()}. A null or nil channel is never ready. */
  public <T> Select send(SendChan<T> ch, T value, Runnable body) {
    return add(chan(ch), SEND, value, body);
  }

  /** {@code default: body()}: taken when no other case is ready. At most one per select. */
  public Select defaultCase(Runnable body) {
    if (defaultIndex >= 0) {
      throw new IllegalStateException("multiple defaults in select");
    }
    defaultIndex = total++;
    defaultBody = body;
    return this;
  }

  private static Chan<?> chan(Object ch) {
    if (ch == null) {
      return Chan.nil();
    }
    if (ch instanceof Chan<?> c) {
      return c;
    }
    throw new IllegalArgumentException("ch must be a dev.goj.chan.Chan, was " + ch.getClass().getName());
  }

  private Select add(Chan<?> c, int dir, Object value, Object body) {
    if (ncases == cases.length) {
      cases = Arrays.copyOf(cases, ncases * 2);
    }
    cases[ncases++] = new Case(c, dir, value, body, total++);
    return this;
  }

  /**
   * Blocks until one case can proceed (or takes default if none can), performs it, runs its body
   * and returns its index (cases are numbered from 0 in the order they were added, default
   * included). Panics with {@code send on closed channel} if the chosen send's channel is closed.
   */
  public int run() {
    boolean block = defaultIndex < 0;
    switch (ncases) {
      case 0:
        if (block) {
          Chan.parkForever(WaitReason.SELECT_NO_CASES);
        }
        return runDefault();
      case 1:
        return runOne(cases[0], block);
      default:
        return selectgo(block);
    }
  }

  private int runDefault() {
    if (defaultBody != null) {
      defaultBody.run();
    }
    return defaultIndex;
  }

  /** The compiler's one-case forms: a plain channel operation, or selectnbsend/selectnbrecv. */
  private int runOne(Case cas, boolean block) {
    if (cas.dir == SEND) {
      if (!cas.c.chansend(cas.value, block)) {
        return runDefault();
      }
      return finishSend(cas);
    }
    Object v = cas.c.chanrecv(block);
    if (v == Chan.NOT_READY) {
      return runDefault();
    }
    return finishRecv(cas, v);
  }

  private static int finishSend(Case cas) {
    if (cas.body != null) {
      ((Runnable) cas.body).run();
    }
    return cas.index;
  }

  @SuppressWarnings("unchecked")
  private static int finishRecv(Case cas, Object v) {
    boolean ok = v != Chan.CLOSED_MARK;
    Object value = ok ? v : null;
    Object body = cas.body;
    if (body == null) {
      return cas.index;
    }
    if (cas.dir == RECV) {
      ((Consumer<Object>) body).accept(value);
    } else {
      ((BiConsumer<Object, Boolean>) body).accept(value, ok);
    }
    return cas.index;
  }

  // ---------------------------------------------------------------- select.go

  private int selectgo(boolean block) {
    Case[] scases = cases;
    int n = ncases;
    int[] pollorder = new int[n];
    int[] lockorder = new int[n];

    // Poll order: an inside-out Fisher-Yates shuffle of the non-nil cases. A timer channel's
    // timer that is due but not in the heap fires now, before any lock (its send takes the
    // channel's), so the passes below see its value (Go's maybeRunChan in this loop).
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    int norder = 0;
    for (int i = 0; i < n; i++) {
      Chan<?> c = scases[i].c;
      if (c.isNil) {
        continue;
      }
      if (c.timer() != null) {
        c.timer().maybeRunChan();
      }
      int j = rnd.nextInt(norder + 1);
      pollorder[norder] = pollorder[j];
      pollorder[j] = i;
      norder++;
    }
    // Pass 0, before any lock: the cases in poll order through the channels' lock-free paths, as
    // a plain send or receive would go (a buffered ring, or the partner waiting alone in an
    // unbuffered channel's slot). A case that succeeds was ready at that moment, and the select
    // commits it alone (there is nothing to undo). Unlike Go's locked pass 1 the cases are not
    // looked at in one atomic snapshot, but a case seen not ready here could as well have become
    // ready just after the one taken, so every outcome is one selectgo allows. The pass stops at
    // the first case it cannot judge without the lock, an unbuffered channel whose waiters are
    // queued or a closed channel (a closed channel is ready and must keep its chance in poll
    // order), and pass 1 redoes all.
    for (int k = 0; k < norder; k++) {
      Case cas = scases[pollorder[k]];
      Chan<?> c = cas.c;
      if (cas.dir == SEND) {
        int sent = c.sendLockFree(cas.value);
        if (sent > 0) {
          return finishSend(cas);
        }
        if (sent < 0) {
          break;
        }
      } else {
        Object v = c.recvLockFree();
        if (v == Chan.NEEDS_LOCK) {
          break;
        }
        if (v != Chan.NOT_READY) {
          return finishRecv(cas, v);
        }
      }
      // Not ready, then open: not ready at the moment of the first read (chan.go's order).
      if (c.isClosed()) {
        break;
      }
    }
    System.arraycopy(pollorder, 0, lockorder, 0, norder);
    sortByChannelId(scases, lockorder, norder);

    sellock(scases, lockorder, norder);

    // Pass 1: the first ready case in poll order. On a buffered channel, fixup first serves the
    // waiters already queued (Go's invariants: no waiting receiver with a filled buffer, no
    // waiting sender with a free slot), so this case cannot pass them.
    Sudog wake = null;
    for (int k = 0; k < norder; k++) {
      Case cas = scases[pollorder[k]];
      Chan<?> c = cas.c;
      boolean buffered = c.dataqsiz() > 0;
      if (buffered) {
        wake = c.fixupLocked(wake);
      }
      if (cas.dir != SEND) {
        if (buffered) {
          Object v = c.pop(0);
          if (v != Chan.NOT_READY) {
            wake = c.fixupLocked(wake);
            selunlock(scases, lockorder, norder);
            Chan.wakeAll(wake);
            return finishRecv(cas, v);
          }
        } else {
          Sudog sg = c.sendq.dequeue();
          if (sg != null) {
            Object v = c.recvDirect(sg);
            selunlock(scases, lockorder, norder);
            Chan.wakeAll(wake);
            Chan.goready(sg);
            return finishRecv(cas, v);
          }
        }
        if (c.closedPlain()) {
          selunlock(scases, lockorder, norder);
          Chan.wakeAll(wake);
          return finishRecv(cas, Chan.CLOSED_MARK);
        }
      } else {
        if (c.closedPlain()) {
          selunlock(scases, lockorder, norder);
          Chan.wakeAll(wake);
          throw new IllegalStateException("send on closed channel");
        }
        if (buffered) {
          if (c.sendq.isEmpty() && c.push(cas.value, 0)) {
            wake = c.fixupLocked(wake);
            selunlock(scases, lockorder, norder);
            Chan.wakeAll(wake);
            return finishSend(cas);
          }
        } else {
          Sudog sg = c.recvq.dequeue();
          if (sg != null) {
            c.sendDirect(sg, cas.value);
            selunlock(scases, lockorder, norder);
            Chan.wakeAll(wake);
            Chan.goready(sg);
            return finishSend(cas);
          }
        }
      }
    }

    if (!block) {
      selunlock(scases, lockorder, norder);
      Chan.wakeAll(wake);
      return runDefault();
    }
    if (norder == 0) {
      // Only nil channels: nothing can ever wake us (Go parks with no sudog queued).
      Chan.parkForever(WaitReason.SELECT);
    }

    // Pass 2: queue a sudog on every channel, in lock order, linked through waitLink.
    G gp = G.current();
    Sudog head = null;
    Sudog tail = null;
    for (int k = 0; k < norder; k++) {
      int i = lockorder[k];
      Case cas = scases[i];
      Sudog sg = new Sudog(gp);
      sg.isSelect = true;
      sg.c = cas.c;
      sg.caseIndex = i;
      if (cas.dir == SEND) {
        sg.elem = cas.value;
        cas.c.sendq.enqueue(sg);
      } else {
        cas.c.recvq.enqueue(sg);
        if (cas.c.timer() != null) {
          // Go's blockTimerChan: the timer must be in the heap while we wait on its channel.
          cas.c.timer().blockChan();
        }
      }
      if (head == null) {
        head = sg;
      } else {
        tail.waitLink = sg;
      }
      tail = sg;
    }
    gp.waiting = head;
    gp.param = null;
    // Flag the queued sudogs on buffered channels, then look again (fixup): a lock-free send or
    // receive that missed the flag left its slot for this look to see. It may complete this very
    // select, whose park then returns at once.
    for (int k = 0; k < norder; k++) {
      Chan<?> c = scases[lockorder[k]].c;
      if (c.dataqsiz() > 0) {
        c.updateFlagsLocked();
      }
    }
    for (int k = 0; k < norder; k++) {
      Chan<?> c = scases[lockorder[k]].c;
      if (c.dataqsiz() > 0) {
        wake = c.fixupLocked(wake);
      }
    }
    selunlock(scases, lockorder, norder);
    Chan.wakeAll(wake);
    await(gp);

    sellock(scases, lockorder, norder);
    // Every waker dequeues under a lock we now hold, so nobody can race this re-arm.
    gp.clearSelectDone();
    Sudog won = gp.param;
    gp.param = null;
    gp.waiting = null;

    // Pass 3: unlink the losers; the winner was already dequeued by the G that woke us.
    Case cas = scases[won.caseIndex];
    boolean success = won.success;
    Object value = won.elem;
    for (Sudog sg = head; sg != null; ) {
      Case k = scases[sg.caseIndex];
      if (sg != won) {
        if (k.dir == SEND) {
          k.c.sendq.remove(sg);
        } else {
          k.c.recvq.remove(sg);
        }
      }
      if (k.dir != SEND && k.c.timer() != null) {
        k.c.timer().unblockChan();
      }
      Sudog next = sg.waitLink;
      sg.waitLink = null;
      sg.elem = null;
      sg.c = null;
      sg.isSelect = false;
      sg = next;
    }
    for (int k = 0; k < norder; k++) {
      Chan<?> c = scases[lockorder[k]].c;
      if (c.dataqsiz() > 0) {
        c.updateFlagsLocked();
      }
    }
    selunlock(scases, lockorder, norder);

    if (cas.dir == SEND) {
      if (!success) {
        throw new IllegalStateException("send on closed channel");
      }
      return finishSend(cas);
    }
    return finishRecv(cas, success ? value : Chan.CLOSED_MARK);
  }

  /**
   * Parks until a waker claims this select (Go's gopark in selectgo). A platform thread first polls
   * for the ready for an adaptive budget, as a plain channel wait does (Chan's awaitPartner, whose
   * rule it shares): a waker on another core usually comes within microseconds, and a futex sleep
   * and wake cost tens. Not while the machine is oversubscribed (the waker may need this core).
   */
  private void await(G gp) {
    if (Chan.SPIN_MAX_NS > 0 && !gp.thread().isVirtual() && !Oversubscription.now()) {
      long budget = pollBudget;
      boolean woken = gp.poll(null, WaitReason.SELECT, budget);
      long next = Chan.nextSpin(budget, woken);
      if (next != budget) {
        pollBudget = next;
      }
      if (woken) {
        return;
      }
    }
    gp.park(WaitReason.SELECT);
  }

  /** Heap sort of {@code order[0..n)} by channel id (Go sorts by address; n log n, no allocation). */
  private static void sortByChannelId(Case[] scases, int[] order, int n) {
    for (int i = n / 2 - 1; i >= 0; i--) {
      siftDown(scases, order, i, n);
    }
    for (int end = n - 1; end > 0; end--) {
      int t = order[0];
      order[0] = order[end];
      order[end] = t;
      siftDown(scases, order, 0, end);
    }
  }

  private static void siftDown(Case[] scases, int[] order, int i, int n) {
    int x = order[i];
    long key = scases[x].c.id;
    for (;;) {
      int child = 2 * i + 1;
      if (child >= n) {
        break;
      }
      if (child + 1 < n && scases[order[child + 1]].c.id > scases[order[child]].c.id) {
        child++;
      }
      if (scases[order[child]].c.id <= key) {
        break;
      }
      order[i] = order[child];
      i = child;
    }
    order[i] = x;
  }

  /** Locks each distinct channel once, in id order (duplicates are adjacent after the sort). */
  private static void sellock(Case[] scases, int[] lockorder, int n) {
    Chan<?> prev = null;
    for (int k = 0; k < n; k++) {
      Chan<?> c = scases[lockorder[k]].c;
      if (c != prev) {
        prev = c;
        c.lockChan();
      }
    }
  }

  /** Unlocks in reverse order, each distinct channel once. */
  private static void selunlock(Case[] scases, int[] lockorder, int n) {
    for (int k = n - 1; k >= 0; k--) {
      Chan<?> c = scases[lockorder[k]].c;
      if (k > 0 && c == scases[lockorder[k - 1]].c) {
        continue;
      }
      c.unlockChan();
    }
  }
}
