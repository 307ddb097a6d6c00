package dev.goj.chan;

import dev.goj.chan.internal.ChanAccess;
import dev.goj.runtime.internal.G;
import dev.goj.runtime.internal.Oversubscription;
import dev.goj.runtime.internal.RuntimeMutex;
import dev.goj.runtime.internal.RuntimeTimer;
import dev.goj.runtime.internal.Sudog;
import dev.goj.runtime.internal.WaitQueue;
import dev.goj.runtime.internal.WaitReason;
import dev.goj.runtime.sched.Sched;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A Go channel: {@code hchan} and chansend/chanrecv/closechan of runtime/chan.go.
 *
 * <p>State: {@code closed}, the queues of blocked receivers ({@code recvq}) and senders
 * ({@code sendq}) guarded by {@code lock}, and for a buffered channel a ring of {@code dataqsiz}
 * slots (Vyukov's bounded queue: a head and a tail word, a state per slot) that senders and
 * receivers use without the lock while no one of their kind waits and the channel is open. The
 * head word carries RECV_WAITING and the tail word SEND_WAITING/CLOSED_BIT, set under the lock, so
 * a lock-free pop (push) fails as soon as receivers (senders) queue or the channel closes: from
 * then on only lock holders move that end. A lock-free op claims its slot with a CAS of the head
 * or tail word (a full fence) and reads the waiters word after it; a thread whose queueing sets a
 * flag writes the waiters word and then reads the head and tail words, so one of the two always
 * sees the other (Dekker, on the claim rather than the slot store, which is then a release store:
 * the fence after it stalled every op on its cache miss). A claimer that missed the flag has
 * claimed the very slot the queuer needs, so the queuer waits for that claim to be filled (or
 * freed) before it looks at the ring ({@link #updateFlagsLocked}); a few stores away, unless the
 * claimer is preempted. Invariants, as in
 * Go, restored by every fixup: no receiver waits while the head slot is filled, no sender waits
 * while the tail slot is free; after close {@code sendq} and {@code recvq} stay empty.
 *
 * <p>A send reaches the first waiting receiver (Go's send: the fixup hands it the ring's head, which
 * is this value when the ring was empty); a receive from a full ring with waiting senders frees the
 * head and the fixup refills the tail from the first sender (Go's recv), so values stay FIFO.
 *
 * <p>An unbuffered channel keeps Go's locked hchan code for its queues, with one lock-free slot in
 * front of them ({@code direct}): null while nobody waits, the sudog of a plain send or receive
 * that waits alone, or LOCKED while the waiters are on the queues (or the channel is closed).
 * Invariant: {@code direct != LOCKED} implies both queues empty and the channel open. A plain op
 * posts its sudog into a null slot, or takes a partner out of it, with one CAS; that is the whole
 * hand-off for two goroutines ping-ponging, where the locked path moved the lock's, the queue's and
 * the sudog's lines between cores on every hand-off. Every lock holder first swaps LOCKED in
 * ({@link #lockChan}), moving a posted sudog to the head of its (empty) queue, so Go's code under
 * the lock, select's included, sees every waiter; the slot goes back to null at unlock when the
 * queues are empty and the channel open. A sudog, fresh per wait, is never posted twice, so a CAS
 * that takes one cannot take a later wait (no ABA).
 *
 * <p>Non-blocking attempts fail without the lock when
 * the channel is observed not ready (Go's empty/full checks); these reads are acquire or volatile,
 * so they keep their program order (chan.go relies on "empty, then open") and cannot be hoisted
 * out of a polling loop. Close sets CLOSED_BIT, waits for sends that claimed a slot to fill it, and
 * serves the waiters from the ring before waking the rest, so every value sent before the close is
 * received before ok == false.
 *
 * <p>Every channel gets a unique {@code id}; {@link Select} locks channels in id order (Go uses
 * the hchan address). A synchronous timer channel (Go 1.23, {@code dev.goj.time}) has a one-slot
 * buffer that its timer fills, but reports {@code len} and {@code cap} as 0; its receives fire the
 * timer when it is due and put it in the timer heap only while they block (see RuntimeTimer).
 */
public final class Chan<T> implements SendChan<T>, RecvChan<T> {
  private static final AtomicLong IDS = new AtomicLong();
  private static final VarHandle CLOSED;
  private static final VarHandle WAITERS;
  private static final VarHandle DIRECT;
  private static final VarHandle CTL = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);

  // ctl words of an ordinary ring: head, tail and the spin budget 64 bytes apart (and past the
  // array header), so senders and receivers own one line each.
  private static final int PAD = 8;
  private static final int FLAG_BITS = 2;
  private static final long STEP = 1L << FLAG_BITS;
  /** Head word: receivers are queued, so only a lock holder may pop. */
  private static final long RECV_WAITING = 1;
  /** Tail word: senders are queued, so only a lock holder may push. */
  private static final long SEND_WAITING = 1;
  /** Tail word: closed, so no send may claim a slot. */
  private static final long CLOSED_BIT = 2;
  // waiters word bits, read by the lock-free paths after their volatile slot store
  private static final int W_RECV = 1;
  private static final int W_SEND = 2;
  private static final long SPIN_MIN_NS = 2_000;
  static final long SPIN_MAX_NS = Runtime.getRuntime().availableProcessors() > 1 ? 20_000 : 0;

  /** chanrecv's answer when a non-blocking receive found nothing. */
  static final Object NOT_READY = new Object();
  /** The unbuffered slot's state while the queues hold the waiters or the channel is closed. */
  private static final Sudog LOCKED = new Sudog(null);

  /** {@link #recvLockFree}'s answer when only the lock can judge the channel. */
  static final Object NEEDS_LOCK = new Object();

  /** chanrecv's answer when the channel is closed and drained (Go's ok == false). */
  static final Object CLOSED_MARK = new Object();

  private static final Received<?> CLOSED_RECEIVED = new Received<>(null, false);

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      WAITERS = l.findVarHandle(Chan.class, "waiters", int.class);
      CLOSED = l.findVarHandle(Chan.class, "closed", boolean.class);
      DIRECT = l.findVarHandle(Chan.class, "direct", Sudog.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Chan<?> NIL = new Chan<>(0, null, true);

  final long id;
  final boolean isNil;
  /**
   * The timer of a synchronous timer channel (Go's c.timer), else null. Receives fire it when it is
   * due but not in the timer heap, and put it there while they block (see RuntimeTimer).
   */
  private final RuntimeTimer timer;
  private final int dataqsiz;
  /** dataqsiz - 1 when dataqsiz is a power of two, else -1 (see {@link #slot}). */
  private final int slotMask;
  private final Object[] buf;
  /** Per-slot state of the ring (see {@link #push}); null when unbuffered. */
  private final long[] seqs;
  /** Head and tail words: slot index << FLAG_BITS | flags; and the adaptive spin budget in ns. */
  private final long[] ctl;
  /**
   * Where in ctl the head, tail and spin words are: a line each (PAD apart) for an ordinary ring,
   * adjacent for a timer channel, whose one sender is its timer (under the timer's send lock) and
   * whose receivers never spin, so padding would only add 224 bytes to every timer.
   */
  private final int head;
  private final int tail;
  private final int spin;
  /**
   * Unbuffered only: how long a blocked platform thread polls for its partner (see
   * {@link #awaitPartner}). A hint: racing updates lose an adjustment at worst. Volatile only so
   * that a long cannot tear; written only on change, so its line stays shared while polls keep
   * paying off (or keep failing).
   */
  private volatile long directSpin = SPIN_MAX_NS;
  @SuppressWarnings("unused") // accessed through WAITERS
  private int waiters;
  @SuppressWarnings("unused") // accessed through CLOSED
  private boolean closed;
  /** Unbuffered only: null, a waiting plain op's sudog, or LOCKED (see the class comment). */
  @SuppressWarnings("unused") // accessed through DIRECT
  private Sudog direct;
  final WaitQueue recvq = new WaitQueue();
  final WaitQueue sendq = new WaitQueue();
  final RuntimeMutex lock = new RuntimeMutex();

  static {
    ChanAccess.set(new ChanAccess() {
      @Override
      public <E> Chan<E> makeTimerChan(Function<Chan<E>, RuntimeTimer> timerFor) {
        return new Chan<>(1, timerFor, false);
      }

      @Override
      public RuntimeTimer timer(Chan<?> c) {
        return c.timer;
      }

      @Override
      public <E> boolean trySend(Chan<E> c, E v) {
        return c.chansend(v, false);
      }

      @Override
      public boolean drain(Chan<?> c) {
        return c.drain();
      }
    });
  }

  private <E> Chan(int capacity, Function<Chan<E>, RuntimeTimer> timerFor, boolean isNil) {
    this.id = IDS.incrementAndGet();
    this.dataqsiz = capacity;
    this.slotMask = capacity > 0 && Integer.bitCount(capacity) == 1 ? capacity - 1 : -1;
    this.buf = capacity == 0 ? null : new Object[capacity];
    this.seqs = capacity == 0 ? null : new long[capacity];
    int stride = timerFor == null ? PAD : 1;
    this.head = stride;
    this.tail = 2 * stride;
    this.spin = 3 * stride;
    this.ctl = capacity == 0 ? null : new long[4 * stride];
    for (int i = 0; i < capacity; i++) {
      seqs[i] = 2L * i;
    }
    if (capacity > 0) {
      ctl[spin] = SPIN_MAX_NS;
    }
    this.isNil = isNil;
    // Last: the timer's functions capture this channel, every other field already set.
    @SuppressWarnings("unchecked")
    Chan<E> self = (Chan<E>) this;
    this.timer = timerFor == null ? null : timerFor.apply(self);
  }

  /** Go's {@code make(chan T)}: an unbuffered channel. */
  public static <T> Chan<T> make() {
    return new Chan<>(0, null, false);
  }

  /** Go's {@code make(chan T, capacity)}. */
  public static <T> Chan<T> make(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
    }
    return new Chan<>(capacity, null, false);
  }

  /** Go's nil channel: sends and receives block forever, close panics, select never picks it. */
  @SuppressWarnings("unchecked")
  public static <T> Chan<T> nil() {
    return (Chan<T>) NIL;
  }

  // ---------------------------------------------------------------- public operations

  @Override
  public void send(T v) {
    chansend(v, true);
  }

  @Override
  @SuppressWarnings("unchecked")
  public T recv() {
    Object v = chanrecv(true);
    return v == CLOSED_MARK ? null : (T) v;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Received<T> recvOk() {
    Object v = chanrecv(true);
    return v == CLOSED_MARK ? (Received<T>) CLOSED_RECEIVED : new Received<>((T) v, true);
  }

  /** Go's closechan: wakes every blocked receiver (ok == false) and sender (which panics). */
  @Override
  public void close() {
    if (isNil) {
      throw new IllegalStateException("close of nil channel");
    }
    lockChan();
    if (closedPlain()) {
      unlockChan();
      throw new IllegalStateException("close of closed channel");
    }
    CLOSED.setRelease(this, true);
    Sudog glist = null;
    if (dataqsiz > 0) {
      // No claim can start after this; the ones already made are filled and handed to waiting
      // receivers (and freed slots to waiting senders) before anyone is told "closed".
      setCtlFlag(tail, CLOSED_BIT, true);
      awaitClaimsLocked();
      glist = fixupLocked(null);
    }
    // Collect the waiters through their (now unused) queue links and wake them after unlocking.
    for (Sudog sg; (sg = recvq.dequeue()) != null; ) {
      sg.elem = null;
      sg.success = false;
      sg.next = glist;
      glist = sg;
    }
    for (Sudog sg; (sg = sendq.dequeue()) != null; ) {
      sg.elem = null;
      sg.success = false;
      sg.next = glist;
      glist = sg;
    }
    if (dataqsiz > 0) {
      updateFlagsLocked();
    }
    unlockChan();
    while (glist != null) {
      Sudog sg = glist;
      glist = sg.next;
      sg.next = null;
      goready(sg);
    }
  }

  @Override
  public int len() {
    if (timer != null || dataqsiz == 0) {
      return 0;
    }
    long h = (long) CTL.getVolatile(ctl, head) >>> FLAG_BITS;
    long t = (long) CTL.getVolatile(ctl, tail) >>> FLAG_BITS;
    return (int) Math.max(0, Math.min(dataqsiz, t - h));
  }

  @Override
  public int cap() {
    return timer != null ? 0 : dataqsiz;
  }

  /** Go's {@code for v := range ch}: yields values until the channel is closed and drained. */
  @Override
  public Iterator<T> iterator() {
    return new Iterator<>() {
      private Object next = NOT_READY;

      @Override
      public boolean hasNext() {
        if (next == NOT_READY) {
          next = chanrecv(true);
        }
        return next != CLOSED_MARK;
      }

      @Override
      @SuppressWarnings("unchecked")
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException("channel closed");
        }
        Object v = next;
        next = NOT_READY;
        return (T) v;
      }
    };
  }

  @Override
  public String toString() {
    if (isNil) {
      return "Chan[nil]";
    }
    return "Chan[id=" + id + ", len=" + len() + ", cap=" + cap() + (isClosed() ? ", closed]" : "]");
  }

  // ---------------------------------------------------------------- chan.go

  /**
   * Go's chansend. Returns false only when {@code block} is false and the send could not proceed
   * at once. Panics on a closed channel.
   */
  boolean chansend(Object ep, boolean block) {
    if (isNil) {
      if (!block) {
        return false;
      }
      parkForever(WaitReason.CHAN_SEND_NIL);
    }
    if (dataqsiz > 0) {
      return bufferedSend(ep, block);
    }
    Sudog mysg = null;
    for (int sent; (sent = sendToSlot(ep)) >= 0; ) {
      if (sent > 0) {
        return true;
      }
      if (!block) {
        return false; // open, and nobody waits to receive
      }
      if (mysg == null) {
        mysg = newSudog(ep, true);
      }
      // The slot was empty or held a sender: post, unless it holds a sender (or is LOCKED) now.
      Sudog was = (Sudog) DIRECT.compareAndExchange(this, null, mysg);
      if (was == null) {
        return awaitSend(mysg);
      }
      if (was == LOCKED || was.isSend) {
        break; // queue behind the waiting sender, under the lock
      }
    }
    // Fast path, as in Go: "not closed" then "not ready for sending" imply a moment when the
    // channel was both, since a closed channel never becomes unready again.
    if (!block && !isClosed() && full()) {
      return false;
    }
    lockChan();
    if (closedPlain()) {
      unlockChan();
      throw new IllegalStateException("send on closed channel");
    }
    Sudog sg = recvq.dequeue();
    if (sg != null) {
      sendDirect(sg, ep);
      unlockChan();
      goready(sg);
      return true;
    }
    if (!block) {
      unlockChan();
      return false;
    }
    if (mysg == null) {
      mysg = newSudog(ep, true);
    }
    sendq.enqueue(mysg);
    unlockChan();
    return awaitSend(mysg);
  }

  private Sudog newSudog(Object ep, boolean isSend) {
    Sudog sg = new Sudog(G.current());
    sg.elem = ep;
    sg.isSend = isSend;
    sg.c = this;
    return sg;
  }

  /** A queued or posted unbuffered send waits for its receiver (or a close, which panics it). */
  private boolean awaitSend(Sudog mysg) {
    awaitPartner(mysg, WaitReason.CHAN_SEND, true);
    // success is false only when close woke us: our value was not taken.
    if (!mysg.success) {
      throw new IllegalStateException("send on closed channel");
    }
    return true;
  }

  /**
   * Go's chanrecv. Returns the element, {@link #CLOSED_MARK} when the channel is closed and drained,
   * or {@link #NOT_READY} when {@code block} is false and nothing could be received at once.
   */
  Object chanrecv(boolean block) {
    if (isNil) {
      if (!block) {
        return NOT_READY;
      }
      parkForever(WaitReason.CHAN_RECEIVE_NIL);
    }
    if (dataqsiz > 0) {
      return bufferedRecv(block);
    }
    Sudog mysg = null;
    for (Object v; (v = recvFromSlot()) != NEEDS_LOCK; ) {
      if (v != NOT_READY) {
        return v;
      }
      if (!block) {
        return NOT_READY; // open, and nobody waits to send
      }
      if (mysg == null) {
        mysg = newSudog(null, false);
      }
      // The slot was empty or held a receiver: post, unless it holds a receiver (or is LOCKED) now.
      Sudog was = (Sudog) DIRECT.compareAndExchange(this, null, mysg);
      if (was == null) {
        return awaitRecv(mysg);
      }
      if (was == LOCKED || !was.isSend) {
        break; // queue behind the waiting receiver, under the lock
      }
    }
    if (!block && empty()) {
      // Empty, then open: not ready. The order of these two reads matters (a racing send+close).
      if (!isClosed()) {
        return NOT_READY;
      }
      // Closed for good; an element sent before the close may have landed between the reads.
      if (empty()) {
        return CLOSED_MARK;
      }
    }
    lockChan();
    if (closedPlain()) {
      unlockChan();
      return CLOSED_MARK;
    }
    Sudog sg = sendq.dequeue();
    if (sg != null) {
      Object v = recvDirect(sg);
      unlockChan();
      goready(sg);
      return v;
    }
    if (!block) {
      unlockChan();
      return NOT_READY;
    }
    if (mysg == null) {
      mysg = newSudog(null, false);
    }
    recvq.enqueue(mysg);
    unlockChan();
    return awaitRecv(mysg);
  }

  /** A queued or posted unbuffered receive waits for its sender (or a close: ok == false). */
  private Object awaitRecv(Sudog mysg) {
    awaitPartner(mysg, WaitReason.CHAN_RECEIVE, true);
    return mysg.success ? mysg.elem : CLOSED_MARK;
  }

  /**
   * Locks the channel for Go's locked code. On an unbuffered channel it also swaps LOCKED into the
   * slot, moving a posted sudog to its queue (empty while the slot was not LOCKED): from here on
   * no lock-free op can take or post a waiter, and the queues hold them all.
   */
  void lockChan() {
    lock.lock();
    if (dataqsiz == 0) {
      for (;;) {
        Sudog sg = (Sudog) DIRECT.getAcquire(this);
        if (sg == LOCKED) {
          return;
        }
        if (DIRECT.compareAndSet(this, sg, LOCKED)) {
          if (sg != null) {
            (sg.isSend ? sendq : recvq).enqueue(sg);
          }
          return;
        }
      }
    }
  }

  /**
   * Unlocks; an unbuffered channel whose queues are empty and which is open reopens its slot. A
   * release store: a lock-free op that reads null sees the queues' updates made under the lock.
   */
  void unlockChan() {
    if (dataqsiz == 0 && recvq.isEmpty() && sendq.isEmpty() && !closedPlain()) {
      DIRECT.setRelease(this, null);
    }
    lock.unlock();
  }

  /**
   * Waits until a partner (or close) completes {@code sg}, a plain send or receive that is queued or
   * posted: Go's gopark, with the wake going through the sudog ({@link Sudog#complete}) so that a
   * spinning waiter reads the one line its partner writes. It spins first as {@link G#park} would
   * ({@link G#spinFor}), then commits to parking; the partner readies the G only after that commit.
   *
   * <p>With {@code poll} (unbuffered channels), a platform thread polls instead, for the same
   * adaptive per-channel budget as the buffered ring's polls (see {@link #spinPush}): a partner
   * running on another core usually comes within microseconds, and catching it in the poll saves a
   * futex sleep on our side and a futex wake on the partner's. Not while the machine has more
   * runnable threads than cores ({@link Oversubscription}): then the partner is likely waiting for a
   * core that the poll holds.
   */
  private void awaitPartner(Sudog sg, String reason, boolean poll) {
    G gp = sg.g;
    boolean done;
    if (poll && SPIN_MAX_NS > 0 && !gp.thread().isVirtual() && !Oversubscription.now()) {
      long budget = directSpin;
      done = gp.poll(sg, reason, budget);
      long next = nextSpin(budget, done);
      if (next != budget) {
        directSpin = next;
      }
    } else {
      done = gp.spinFor(sg);
    }
    if (!done && sg.commitPark()) {
      gp.park(reason, false);
    }
  }

  /**
   * chansend on a buffered channel. The ring takes the value without the lock while no sender
   * waits and the channel is open; a waiting receiver is then served by {@link #fixupLocked}, which
   * hands it the buffer's head, so the value still reaches the first waiting receiver in FIFO order.
   */
  private boolean bufferedSend(Object ep, boolean block) {
    if (timer == null) {
      if (push(ep, SEND_WAITING | CLOSED_BIT)) {
        afterPush();
        return true;
      }
      if (!block) {
        // Go's fast path: open, then full (a closed channel never becomes unready again).
        if (!isClosed() && full()) {
          return false;
        }
      } else if (canSpin() && spinPush(ep)) {
        afterPush();
        return true;
      }
    }
    lock.lock();
    if (closedPlain()) {
      lock.unlock();
      throw new IllegalStateException("send on closed channel");
    }
    // Serve older waiters first: a sender must not pass one already queued.
    Sudog wake = fixupLocked(null);
    if (sendq.isEmpty() && push(ep, 0)) {
      wake = fixupLocked(wake);
      lock.unlock();
      wakeAll(wake);
      return true;
    }
    if (!block) {
      lock.unlock();
      wakeAll(wake);
      return false;
    }
    Sudog mysg = newSudog(ep, true);
    sendq.enqueue(mysg);
    // Flag first, then look again (fixup): a receiver that freed a slot without seeing the flag
    // is seen here. The flag write and the slot read are both volatile, so one side sees the other.
    updateFlagsLocked();
    wake = fixupLocked(wake);
    lock.unlock();
    wakeAll(wake);
    awaitPartner(mysg, WaitReason.CHAN_SEND, false);
    if (!mysg.success) {
      throw new IllegalStateException("send on closed channel");
    }
    return true;
  }

  /**
   * chanrecv on a buffered channel; the mirror image of {@link #bufferedSend}. A timer channel's
   * receive first fires its timer if it is due (Go's maybeRunChan), and a blocked one keeps the
   * timer in the heap while it waits; it does not poll the ring, which only the timer fills.
   */
  private Object bufferedRecv(boolean block) {
    if (timer != null) {
      timer.maybeRunChan();
    }
    Object v = pop(RECV_WAITING);
    if (v != NOT_READY) {
      afterPop();
      return v;
    }
    if (!block) {
      // Empty, then open: not ready. The order of these two reads matters (a racing send+close).
      if (empty() && !isClosed()) {
        return NOT_READY;
      }
    } else if (timer == null && canSpin()) {
      v = spinPop();
      if (v != NOT_READY) {
        afterPop();
        return v;
      }
    }
    lock.lock();
    Sudog wake = fixupLocked(null);
    // Only a lock holder pops while receivers wait, and fixup just served them all it could.
    v = pop(0);
    if (v != NOT_READY) {
      wake = fixupLocked(wake);
      lock.unlock();
      wakeAll(wake);
      return v;
    }
    if (closedPlain()) {
      // close waited for every claimed slot to be filled, so the ring is really drained.
      lock.unlock();
      wakeAll(wake);
      return CLOSED_MARK;
    }
    if (!block) {
      lock.unlock();
      wakeAll(wake);
      return NOT_READY;
    }
    Sudog mysg = newSudog(null, false);
    recvq.enqueue(mysg);
    if (timer != null) {
      timer.blockChan();
    }
    updateFlagsLocked();
    wake = fixupLocked(wake);
    lock.unlock();
    wakeAll(wake);
    awaitPartner(mysg, WaitReason.CHAN_RECEIVE, false);
    if (timer != null) {
      timer.unblockChan();
    }
    return mysg.success ? mysg.elem : CLOSED_MARK;
  }

  /**
   * A receive without the lock (select's pass 0): the element; {@link #NOT_READY} when a buffered
   * ring's head is empty, being filled or owned by queued receivers, or when an unbuffered channel
   * is open with no sender waiting in its slot; {@link #NEEDS_LOCK} when an unbuffered channel's
   * waiters are on its queues (or it is closed), which only the lock can judge.
   */
  Object recvLockFree() {
    if (dataqsiz == 0) {
      return recvFromSlot();
    }
    Object v = pop(RECV_WAITING);
    if (v != NOT_READY) {
      afterPop();
    }
    return v;
  }

  /**
   * A send without the lock (select's pass 0): 1 when sent; 0 when a buffered ring is full, its
   * senders are queued, it is closed or it is a timer channel (only its timer sends), or when an
   * unbuffered channel is open with no receiver waiting in its slot; -1 when an unbuffered channel's
   * waiters are on its queues (or it is closed), which only the lock can judge.
   */
  int sendLockFree(Object ep) {
    if (dataqsiz == 0) {
      return sendToSlot(ep);
    }
    if (timer != null || !push(ep, SEND_WAITING | CLOSED_BIT)) {
      return 0;
    }
    afterPush();
    return 1;
  }

  /**
   * Unbuffered: takes a receiver waiting alone in the slot and hands it {@code ep} (1); 0 when the
   * slot is empty or holds a sender (open, nobody waits to receive); -1 when it is LOCKED.
   */
  private int sendToSlot(Object ep) {
    for (;;) {
      Sudog sg = (Sudog) DIRECT.getAcquire(this);
      if (sg == LOCKED) {
        return -1;
      }
      if (sg == null || sg.isSend) {
        return 0;
      }
      if (DIRECT.compareAndSet(this, sg, null)) {
        sendDirect(sg, ep);
        goready(sg);
        return 1;
      }
    }
  }

  /**
   * Unbuffered: takes a sender waiting alone in the slot and returns its value; {@link #NOT_READY}
   * when the slot is empty or holds a receiver (open, nobody waits to send); {@link #NEEDS_LOCK}
   * when it is LOCKED.
   */
  private Object recvFromSlot() {
    for (;;) {
      Sudog sg = (Sudog) DIRECT.getAcquire(this);
      if (sg == LOCKED) {
        return NEEDS_LOCK;
      }
      if (sg == null || !sg.isSend) {
        return NOT_READY;
      }
      if (DIRECT.compareAndSet(this, sg, null)) {
        Object v = recvDirect(sg);
        goready(sg);
        return v;
      }
    }
  }

  /** After a lock-free push: a receiver that queued meanwhile must be handed the buffer's head. */
  private void afterPush() {
    // Volatile read after the claiming CAS: the Dekker pair with updateFlagsLocked.
    if (((int) WAITERS.getVolatile(this) & W_RECV) != 0) {
      lock.lock();
      Sudog wake = fixupLocked(null);
      lock.unlock();
      wakeAll(wake);
    }
  }

  /** After a lock-free pop: a sender waiting on the full buffer refills the freed slot. */
  private void afterPop() {
    if (((int) WAITERS.getVolatile(this) & W_SEND) != 0) {
      lock.lock();
      Sudog wake = fixupLocked(null);
      lock.unlock();
      wakeAll(wake);
    }
  }

  /**
   * Moves values between the ring and the waiters until neither can proceed: the buffer's head to
   * the first waiting receiver (Go's send to a waiting receiver), a waiting sender's value into a
   * free slot (Go's refill from the first sender). Lock held; returns the sudogs to wake after
   * unlocking, linked through {@code next} in front of {@code wake}.
   */
  Sudog fixupLocked(Sudog wake) {
    for (;;) {
      boolean progress = false;
      // recvq non-empty implies RECV_WAITING in the head word, so no lock-free pop can take the
      // published head between this check and the pop below.
      if (!recvq.isEmpty() && publishedAtHead()) {
        Sudog sg = recvq.dequeue();
        if (sg != null) {
          sg.elem = pop(0);
          sg.success = true;
          sg.next = wake;
          wake = sg;
          progress = true;
        }
      }
      // Likewise sendq non-empty implies SEND_WAITING in the tail word: only we push now.
      if (!sendq.isEmpty() && freeAtTail()) {
        Sudog sg = sendq.dequeue();
        if (sg != null) {
          push(sg.elem, 0);
          sg.elem = null;
          sg.success = true;
          sg.next = wake;
          wake = sg;
          progress = true;
        }
      }
      if (!progress) {
        break;
      }
    }
    updateFlagsLocked();
    return wake;
  }

  /**
   * Mirrors queue emptiness into the ring words and the waiters word; lock held. Only this method
   * changes RECV_WAITING/SEND_WAITING, always together with the waiters word, so the waiters word
   * (read plainly: we hold the lock that guards its writes) says which ring flags are set and an
   * unchanged state costs no read of the head and tail lines, which the lock-free senders and
   * receivers keep writing (every select over a busy channel used to pull both in, twice).
   */
  void updateFlagsLocked() {
    int w = (recvq.isEmpty() ? 0 : W_RECV) | (sendq.isEmpty() ? 0 : W_SEND);
    int was = (int) WAITERS.get(this);
    if (was == w) {
      return;
    }
    if (((was ^ w) & W_RECV) != 0) {
      setCtlFlag(head, RECV_WAITING, (w & W_RECV) != 0);
    }
    if (((was ^ w) & W_SEND) != 0) {
      setCtlFlag(tail, SEND_WAITING, (w & W_SEND) != 0);
    }
    WAITERS.setVolatile(this, w);
    // Volatile write, then volatile reads of the head and tail words: a lock-free op that read
    // the waiters word before this write made its claim before these reads, and they see it.
    if ((w & ~was & W_RECV) != 0) {
      awaitClaimedHeadLocked();
    }
    if ((w & ~was & W_SEND) != 0) {
      awaitClaimedTailLocked();
    }
  }

  /**
   * Receivers just queued: if a send has claimed the head slot, it may have missed the flag (and
   * will not serve them), so wait until it has filled the slot; the fixup that follows hands it
   * to the first receiver. Only lock holders pop now, so the head stays put.
   */
  private void awaitClaimedHeadLocked() {
    long h = (long) CTL.getVolatile(ctl, head) >>> FLAG_BITS;
    if (((long) CTL.getVolatile(ctl, tail) >>> FLAG_BITS) > h) {
      awaitSeqLocked(slot(h), 2 * h); // claimed, not yet filled
    }
  }

  /**
   * Senders just queued: if a receive has claimed the slot the tail needs (the head passed it), it
   * may have missed the flag, so wait until it has freed the slot for the fixup's refill.
   */
  private void awaitClaimedTailLocked() {
    long t = (long) CTL.getVolatile(ctl, tail) >>> FLAG_BITS;
    if (((long) CTL.getVolatile(ctl, head) >>> FLAG_BITS) > t - dataqsiz) {
      awaitSeqLocked(slot(t), 2 * (t - dataqsiz) + 1); // claimed by a pop, not yet freed
    }
  }

  /**
   * Waits, holding the lock, while slot {@code s} is still in state {@code pending}: a claimer is
   * between its CAS and its slot store (a few stores). The yield lets a claimer preempted on this
   * CPU finish.
   */
  private void awaitSeqLocked(int s, long pending) {
    for (int n = 1; (long) SEQ.getVolatile(seqs, s) == pending; n++) {
      Thread.onSpinWait();
      if ((n & 63) == 0) {
        Thread.yield();
      }
    }
  }

  private void setCtlFlag(int at, long flag, boolean on) {
    for (;;) {
      long x = (long) CTL.getVolatile(ctl, at);
      long y = on ? x | flag : x & ~flag;
      if (x == y || CTL.compareAndSet(ctl, at, x, y)) {
        return;
      }
    }
  }

  static void wakeAll(Sudog wake) {
    while (wake != null) {
      Sudog sg = wake;
      wake = sg.next;
      sg.next = null;
      goready(sg);
    }
  }

  // ---------------------------------------------------------------- the ring

  /**
   * The ring slot of ticket {@code i}. A mask when the capacity is a power of two (the usual case,
   * and always for capacity 1): a 64-bit remainder is a division, tens of cycles on every push and
   * pop (measured: a send and a receive on one thread, cap 128, 14-16 ns with it, 12-14 without).
   */
  private int slot(long i) {
    return slotMask >= 0 ? (int) i & slotMask : (int) (i % dataqsiz);
  }

  /**
   * Claims the tail slot and fills it, unless the tail word carries one of {@code forbid} or the
   * ring is full. Slot i is free for a send at 2i, filled at 2i+1 and free again (for i + cap) at
   * 2(i+cap): doubling keeps a one-slot ring's "filled" and "free again" states apart.
   */
  boolean push(Object v, long forbid) {
    for (;;) {
      long t = (long) CTL.getVolatile(ctl, tail);
      if ((t & forbid) != 0) {
        return false;
      }
      long i = t >>> FLAG_BITS;
      int s = slot(i);
      long seq = (long) SEQ.getVolatile(seqs, s);
      if (seq == 2 * i) {
        if (CTL.compareAndSet(ctl, tail, t, t + STEP)) {
          buf[s] = v;
          // Release: the element before the slot state. No StoreLoad needed: the caller's read of
          // the waiters word is ordered after the CAS, which the Dekker pair relies on.
          SEQ.setRelease(seqs, s, 2 * i + 1);
          return true;
        }
      } else if (seq < 2 * i) {
        return false;
      }
    }
  }

  /** Takes the head if it is filled, unless the head word carries one of {@code forbid}. */
  Object pop(long forbid) {
    for (;;) {
      long h = (long) CTL.getVolatile(ctl, head);
      if ((h & forbid) != 0) {
        return NOT_READY;
      }
      long i = h >>> FLAG_BITS;
      int s = slot(i);
      long seq = (long) SEQ.getVolatile(seqs, s);
      if (seq == 2 * i + 1) {
        if (CTL.compareAndSet(ctl, head, h, h + STEP)) {
          Object v = buf[s];
          buf[s] = null;
          SEQ.setRelease(seqs, s, 2 * (i + dataqsiz));
          return v;
        }
      } else if (seq < 2 * i + 1) {
        return NOT_READY;
      }
    }
  }

  private boolean publishedAtHead() {
    long i = (long) CTL.getVolatile(ctl, head) >>> FLAG_BITS;
    return (long) SEQ.getVolatile(seqs, slot(i)) == 2 * i + 1;
  }

  private boolean freeAtTail() {
    long i = (long) CTL.getVolatile(ctl, tail) >>> FLAG_BITS;
    return (long) SEQ.getVolatile(seqs, slot(i)) == 2 * i;
  }

  /** Waits until every claimed slot is filled (close: no new claims can start). Lock held. */
  private void awaitClaimsLocked() {
    long t = (long) CTL.getVolatile(ctl, tail) >>> FLAG_BITS;
    for (long i = (long) CTL.getVolatile(ctl, head) >>> FLAG_BITS; i < t; i++) {
      // 2i means claimed but not yet filled; the claimer is between its CAS and its store.
      awaitSeqLocked(slot(i), 2 * i);
    }
  }

  private static boolean canSpin() {
    return SPIN_MAX_NS > 0
        && (!Thread.currentThread().isVirtual() || (Sched.currentG() != null && Sched.canSpin()));
  }

  /**
   * Polls the ring before a blocking send queues: on a platform thread the receiver is usually
   * running on another core and frees a slot within microseconds, while queueing costs a futex
   * sleep and wake (tens of microseconds on a VM) on each side. The budget adapts per channel, in
   * the spirit of HotSpot's adaptive monitor spinning: back to SPIN_MAX_NS when a spin paid off,
   * down by an eighth (to SPIN_MIN_NS) when it did not, so a channel whose peer is rarely running
   * soon spins little. A sender that finds senders already queued does not spin: it will queue
   * behind them anyway.
   */
  private boolean spinPush(Object ep) {
    if (((long) CTL.getOpaque(ctl, tail) & SEND_WAITING) != 0) {
      return false;
    }
    long budget = (long) CTL.getOpaque(ctl, spin);
    long start = System.nanoTime();
    for (int n = 1; ; n++) {
      Thread.onSpinWait();
      if (push(ep, SEND_WAITING | CLOSED_BIT)) {
        adaptSpin(budget, true);
        return true;
      }
      if ((n & 7) == 0) {
        if (isClosed() || System.nanoTime() - start > budget) {
          adaptSpin(budget, false);
          return false;
        }
        // The receiver we wait for may be runnable on this very CPU (just woken, or preempted):
        // a pure spin would hold it off until our time slice ends.
        Thread.yield();
      }
    }
  }

  /** The receiving mirror of {@link #spinPush}. */
  private Object spinPop() {
    if (((long) CTL.getOpaque(ctl, head) & RECV_WAITING) != 0) {
      return NOT_READY;
    }
    long budget = (long) CTL.getOpaque(ctl, spin);
    long start = System.nanoTime();
    for (int n = 1; ; n++) {
      Thread.onSpinWait();
      Object v = pop(RECV_WAITING);
      if (v != NOT_READY) {
        adaptSpin(budget, true);
        return v;
      }
      if ((n & 7) == 0) {
        if (isClosed() || System.nanoTime() - start > budget) {
          adaptSpin(budget, false);
          return NOT_READY;
        }
        Thread.yield();
      }
    }
  }

  /**
   * Opaque read and write of a hint: racing updates lose an adjustment at worst, and writing only
   * on change keeps the word's line shared while spins keep succeeding (or keep failing).
   */
  private void adaptSpin(long budget, boolean paidOff) {
    long next = nextSpin(budget, paidOff);
    if (next != budget) {
      CTL.setOpaque(ctl, spin, next);
    }
  }

  /** The adaptive poll budget after a poll of {@code budget} ns: full again if it paid off. */
  static long nextSpin(long budget, boolean paidOff) {
    return paidOff ? SPIN_MAX_NS : Math.max(SPIN_MIN_NS, budget - (budget >> 3));
  }

  /**
   * Go's send, data part: {@code sg} is a receiver taken from recvq under the lock, or out of the
   * slot by CAS. The caller unlocks and then calls {@link #goready}.
   */
  void sendDirect(Sudog sg, Object ep) {
    sg.elem = ep;
    sg.success = true;
  }

  /** Go's recv, data part, unbuffered: the value of {@code sg}, a sender taken from sendq or the slot. */
  Object recvDirect(Sudog sg) {
    Object v = sg.elem;
    sg.elem = null;
    sg.success = true;
    return v;
  }

  /**
   * Wakes the G of a sudog this channel just completed: Go's goready after send/recv/close. A
   * select's G learns which case won from {@code param} and is readied; a plain waiter is completed
   * through its sudog and readied only if it already committed to parking (see {@link #awaitPartner}).
   */
  static void goready(Sudog sg) {
    if (sg.isSelect) {
      sg.g.param = sg;
      sg.g.ready();
    } else if (sg.complete()) {
      sg.g.ready();
    }
  }

  /** Empties the buffer of a timer channel (Go's timerchandrain); whether it held anything. */
  private boolean drain() {
    if (!publishedAtHead()) {
      return false;
    }
    lock.lock();
    boolean any = false;
    while (pop(0) != NOT_READY) {
      any = true;
    }
    lock.unlock();
    return any;
  }

  /** Go's empty(c): no element to receive (racy read; see the class comment). */
  private boolean empty() {
    return dataqsiz == 0 ? sendq.observedEmpty() : !publishedAtHead();
  }

  /** Go's full(c): no room to send (racy read; see the class comment). */
  private boolean full() {
    return dataqsiz == 0
        ? recvq.observedEmpty()
        : ((long) CTL.getVolatile(ctl, tail) & SEND_WAITING) != 0 || !freeAtTail();
  }

  boolean isClosed() {
    return (boolean) CLOSED.getAcquire(this);
  }

  /** closed, read under the lock (where a plain read suffices). */
  boolean closedPlain() {
    return (boolean) CLOSED.get(this);
  }

  int dataqsiz() {
    return dataqsiz;
  }

  /** The timer of a timer channel, else null (select's maybeRunChan and blockTimerChan). */
  RuntimeTimer timer() {
    return timer;
  }

  /** Blocks the calling thread for good (an operation on a nil channel, an empty select). */
  static void parkForever(String reason) {
    G gp = G.current();
    for (;;) {
      // Nothing ever readies this G; the loop only guards against the impossible.
      gp.park(reason);
    }
  }
}
