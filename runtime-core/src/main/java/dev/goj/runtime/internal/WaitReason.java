package dev.goj.runtime.internal;

/**
 * Go's waitReason strings (runtime/runtime2.go), recorded by {@link G#park} and printed by
 * stack dumps: {@code goroutine 7 [chan receive]:}.
 */
public final class WaitReason {
  public static final String CHAN_RECEIVE = "chan receive";
  public static final String CHAN_SEND = "chan send";
  public static final String CHAN_RECEIVE_NIL = "chan receive (nil chan)";
  public static final String CHAN_SEND_NIL = "chan send (nil chan)";
  public static final String SELECT = "select";
  public static final String SELECT_NO_CASES = "select (no cases)";
  public static final String SLEEP = "sleep";
  public static final String SYNC_MUTEX_LOCK = "sync.Mutex.Lock";
  public static final String SYNC_RWMUTEX_RLOCK = "sync.RWMutex.RLock";
  public static final String SYNC_RWMUTEX_LOCK = "sync.RWMutex.Lock";
  public static final String SYNC_COND_WAIT = "sync.Cond.Wait";
  public static final String SYNC_WAITGROUP_WAIT = "sync.WaitGroup.Wait";
  public static final String SEMACQUIRE = "semacquire";

  private WaitReason() {}
}
