package dev.goj.context;

/**
 * Helpers shared by the context types: Go's {@code value(c, key)} walk, {@code contextName} and
 * {@code stringify} (context/context.go), and the nil-parent check.
 */
final class Contexts {
  private Contexts() {}

  static void requireParent(Context parent) {
    if (parent == null) {
      throw new IllegalArgumentException("cannot create context from nil parent");
    }
  }

  /** The first context at or above {@code c} that is not a {@link ValueCtx}. */
  static Context skipValues(Context c) {
    while (c instanceof ValueCtx v) {
      c = v.parent;
    }
    return c;
  }

  /** The first context at or above {@code c} that may bind keys: skips cancel and withoutCancel contexts. */
  static Context skipUnbound(Context c) {
    for (;;) {
      if (c instanceof CancelCtx cc) {
        c = cc.parent;
      } else if (c instanceof WithoutCancelCtx w) {
        c = w.parent;
      } else {
        return c;
      }
    }
  }

  /**
   * Go's value(): the walk up the chain, iterative (no recursion through the parents' {@code value}
   * methods), handing over to the first context of another implementation. Bindings are searched a
   * segment at a time (see {@link ValueCtx}).
   */
  static Object value(Context c, Object key) {
    if (key == CancelCtx.KEY) {
      return cancelCtx(c);
    }
    if (key == null) {
      // No goj context binds null: only a context of another implementation can answer.
      for (Context q = skipUnbound(c); ; q = skipUnbound(q)) {
        if (q instanceof ValueCtx v) {
          q = v.parent;
        } else {
          return q instanceof EmptyCtx ? null : q.value(null);
        }
      }
    }
    int h = key.hashCode();
    for (;;) {
      if (c instanceof ValueCtx v) {
        Object val = v.lookup(key, h);
        if (val != ValueCtx.ABSENT) {
          return val;
        }
        c = v.rest;
        if (c == null) {
          return null;
        }
      } else if (c instanceof CancelCtx cc) {
        c = cc.parent;
      } else if (c instanceof WithoutCancelCtx w) {
        c = w.parent;
      } else if (c instanceof EmptyCtx) {
        return null;
      } else {
        return c.value(key);
      }
    }
  }

  /**
   * value(c, &cancelCtxKey): the nearest cancelCtx at or above {@code c}; null across a
   * withoutCancelCtx (which hides it) or when there is none.
   */
  private static Object cancelCtx(Context c) {
    for (;;) {
      if (c instanceof ValueCtx v) {
        c = v.parent;
      } else if (c instanceof CancelCtx cc) {
        return cc;
      } else if (c instanceof WithoutCancelCtx || c instanceof EmptyCtx) {
        return null;
      } else {
        return c.value(CancelCtx.KEY);
      }
    }
  }

  /** Go's contextName: every Java object has a toString, which stands in for Go's String(). */
  static String contextName(Context c) {
    return String.valueOf(c);
  }

  /** Go's stringify: a value as toString prints it, and null as Go prints nil. */
  static String stringify(Object v) {
    return v == null ? "<nil>" : v.toString();
  }
}
