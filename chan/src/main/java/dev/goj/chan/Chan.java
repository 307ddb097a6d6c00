package dev.goj.chan;

import dev.goj.chan.internal.ChanAccess;
import dev.goj.runtime.internal.G;
import dev.goj.runtime.internal.RuntimeMutex;
import dev.goj.runtime.internal.Sudog;
import dev.goj.runtime.internal.WaitQueue;
import dev.goj.runtime.internal.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Go channel: {@code hchan} and chansend/chanrecv/closechan of runtime/chan.go.
 *
 * <p>State, guarded by {@code lock}: a ring buffer {@code buf} of {@code dataqsiz} slots holding
 * {@code qcount} elements from {@code recvx} to {@code sendx}; {@code closed}; and the queues of
 * blocked receivers ({@code recvq}) and senders ({@code sendq}). Invariants, as in Go: a waiting
 * receiver implies an empty buffer; a waiting sender implies a full one (or no buffer); after close
 * {@code sendq} and {@code recvq} stay empty.
 *
 * <p>A send hands its value straight to the first waiting receiver (Go's send); a receive from a
 * full buffer with waiting senders takes the head and refills the tail from the first sender, so
 * values stay FIFO (Go's recv). Non-blocking attempts fail without the lock when the channel is
 * observed not ready (Go's empty/full checks). {@code qcount} and {@code closed} are written with
 * release under the lock and read with acquire outside it, as are the queue heads: each such read
 * returns a value the field really held, the reads keep their program order (chan.go relies on
 * "empty, then open"), they cannot be hoisted out of a polling loop, and a reader that sees
 * {@code closed} also sees every count written before the close.
 *
 * <p>Every channel gets a unique {@code id}; {@link Select} locks channels in id order (Go uses
 * the hchan address). A synchronous timer channel (Go 1.23, {@code dev.goj.time}) has a one-slot
 * buffer that its timer fills, but reports {@code len} and {@code cap} as 0.
 */
public final class Chan<T> implements SendChan<T>, RecvChan<T> {
  private static final AtomicLong IDS = new AtomicLong();
  private static final VarHandle QCOUNT;
  private static final VarHandle CLOSED;

  /** chanrecv's answer when a non-blocking receive found nothing. */
  static final Object NOT_READY = new Object();
  /** chanrecv's answer when the channel is closed and drained (Go's ok == false). */
  static final Object CLOSED_MARK = new Object();

  private static final Received<?> CLOSED_RECEIVED = new Received<>(null, false);

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      QCOUNT = l.findVarHandle(Chan.class, "qcount", int.class);
      CLOSED = l.findVarHandle(Chan.class, "closed", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Chan<?> NIL = new Chan<>(0, false, true);

  final long id;
  final boolean isNil;
  private final boolean timerChan;
  private final int dataqsiz;
  private final Object[] buf;
  private int sendx;
  private int recvx;
  @SuppressWarnings("unused") // accessed through QCOUNT
  private int qcount;
  @SuppressWarnings("unused") // accessed through CLOSED
  private boolean closed;
  final WaitQueue recvq = new WaitQueue();
  final WaitQueue sendq = new WaitQueue();
  final RuntimeMutex lock = new RuntimeMutex();

  static {
    ChanAccess.set(new ChanAccess() {
      @Override
      public <E> Chan<E> makeTimerChan() {
        return new Chan<>(1, true, false);
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

  private Chan(int capacity, boolean timerChan, boolean isNil) {
    this.id = IDS.incrementAndGet();
    this.dataqsiz = capacity;
    this.buf = capacity == 0 ? null : new Object[capacity];
    this.timerChan = timerChan;
    this.isNil = isNil;
  }

  /** Go's {@code make(chan T)}: an unbuffered channel. */
  public static <T> Chan<T> make() {
    return new Chan<>(0, false, false);
  }

  /** Go's {@code make(chan T, capacity)}. */
  public static <T> Chan<T> make(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
    }
    return new Chan<>(capacity, false, false);
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
    lock.lock();
    if (closedPlain()) {
      lock.unlock();
      throw new IllegalStateException("close of closed channel");
    }
    CLOSED.setRelease(this, true);
    // Collect the waiters through their (now unused) queue links and wake them after unlocking.
    Sudog glist = null;
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
    lock.unlock();
    while (glist != null) {
      Sudog sg = glist;
      glist = sg.next;
      sg.next = null;
      goready(sg);
    }
  }

  @Override
  public int len() {
    return timerChan || isNil ? 0 : (int) QCOUNT.getAcquire(this);
  }

  @Override
  public int cap() {
    return timerChan ? 0 : dataqsiz;
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
    // Fast path, as in Go: "not closed" then "not ready for sending" imply a moment when the
    // channel was both, since a closed channel never becomes unready again.
    if (!block && !isClosed() && full()) {
      return false;
    }
    lock.lock();
    if (closedPlain()) {
      lock.unlock();
      throw new IllegalStateException("send on closed channel");
    }
    Sudog sg = recvq.dequeue();
    if (sg != null) {
      sendDirectLocked(sg, ep);
      lock.unlock();
      goready(sg);
      return true;
    }
    if (qcountPlain() < dataqsiz) {
      bufSendLocked(ep);
      lock.unlock();
      return true;
    }
    if (!block) {
      lock.unlock();
      return false;
    }
    G gp = G.current();
    Sudog mysg = new Sudog(gp);
    mysg.elem = ep;
    mysg.c = this;
    sendq.enqueue(mysg);
    lock.unlock();
    gp.park(WaitReason.CHAN_SEND);
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
    lock.lock();
    if (closedPlain()) {
      if (qcountPlain() == 0) {
        lock.unlock();
        return CLOSED_MARK;
      }
    } else {
      Sudog sg = sendq.dequeue();
      if (sg != null) {
        Object v = recvDirectLocked(sg);
        lock.unlock();
        goready(sg);
        return v;
      }
    }
    if (qcountPlain() > 0) {
      Object v = bufRecvLocked();
      lock.unlock();
      return v;
    }
    if (!block) {
      lock.unlock();
      return NOT_READY;
    }
    G gp = G.current();
    Sudog mysg = new Sudog(gp);
    mysg.c = this;
    recvq.enqueue(mysg);
    lock.unlock();
    gp.park(WaitReason.CHAN_RECEIVE);
    return mysg.success ? mysg.elem : CLOSED_MARK;
  }

  /**
   * Go's send, data part: {@code sg} is a receiver taken from recvq; lock held. The caller unlocks
   * and then calls {@link #goready}.
   */
  void sendDirectLocked(Sudog sg, Object ep) {
    sg.elem = ep;
    sg.success = true;
  }

  /**
   * Go's recv, data part: {@code sg} is a sender taken from sendq; lock held. Unbuffered: take its
   * value. Buffered (so the buffer is full): take the head, put the sender's value at the tail.
   */
  Object recvDirectLocked(Sudog sg) {
    Object v;
    if (dataqsiz == 0) {
      v = sg.elem;
    } else {
      int i = recvx;
      v = buf[i];
      buf[i] = sg.elem;
      if (++i == dataqsiz) {
        i = 0;
      }
      recvx = i;
      sendx = i;
    }
    sg.elem = null;
    sg.success = true;
    return v;
  }

  /** Appends to the buffer (room checked by the caller); lock held. */
  void bufSendLocked(Object ep) {
    int i = sendx;
    buf[i] = ep;
    sendx = ++i == dataqsiz ? 0 : i;
    // Release: a lock-free reader that sees the new count may then lock and find the element.
    QCOUNT.setRelease(this, qcountPlain() + 1);
  }

  /** Takes the buffer's head (present, checked by the caller); lock held. */
  Object bufRecvLocked() {
    int i = recvx;
    Object v = buf[i];
    buf[i] = null;
    recvx = ++i == dataqsiz ? 0 : i;
    QCOUNT.setRelease(this, qcountPlain() - 1);
    return v;
  }

  /** Wakes the G of a sudog this channel just completed: Go's goready after send/recv/close. */
  static void goready(Sudog sg) {
    sg.g.param = sg;
    sg.g.ready();
  }

  /** Empties the buffer of a timer channel (Go's timerchandrain); whether it held anything. */
  private boolean drain() {
    if ((int) QCOUNT.getAcquire(this) == 0) {
      return false;
    }
    lock.lock();
    boolean any = false;
    while (qcountPlain() > 0) {
      any = true;
      bufRecvLocked();
    }
    lock.unlock();
    return any;
  }

  /** Go's empty(c): no element to receive (racy read; see the class comment). */
  private boolean empty() {
    return dataqsiz == 0 ? sendq.observedEmpty() : (int) QCOUNT.getAcquire(this) == 0;
  }

  /** Go's full(c): no room to send (racy read; see the class comment). */
  private boolean full() {
    return dataqsiz == 0 ? recvq.observedEmpty() : (int) QCOUNT.getAcquire(this) == dataqsiz;
  }

  boolean isClosed() {
    return (boolean) CLOSED.getAcquire(this);
  }

  /** closed, read under the lock (where a plain read suffices). */
  boolean closedPlain() {
    return (boolean) CLOSED.get(this);
  }

  /** qcount, read under the lock. */
  int qcountPlain() {
    return (int) QCOUNT.get(this);
  }

  int dataqsiz() {
    return dataqsiz;
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
