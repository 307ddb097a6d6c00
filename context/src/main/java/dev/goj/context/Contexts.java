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

  /**
   * Go's value(): walks the chain of goj contexts iteratively (no recursion through the parents'
   * {@code value} methods) and hands over to the first context of another implementation.
   * {@link CancelCtx#KEY} finds the nearest cancelCtx, as Go's {@code &cancelCtxKey} does, except
   * across {@link WithoutCancelCtx}, which hides it.
   */
  static Object value(Context c, Object key) {
    for (;;) {
      if (c instanceof ValueCtx v) {
        // Identity first: the usual key is a shared constant, and it spares a virtual equals call.
        if (key == v.key || (key != null && key.equals(v.key))) {
          return v.val;
        }
        c = v.parent;
      } else if (c instanceof CancelCtx cc) {
        if (key == CancelCtx.KEY) {
          return cc;
        }
        c = cc.parent;
      } else if (c instanceof WithoutCancelCtx w) {
        if (key == CancelCtx.KEY) {
          return null;
        }
        c = w.parent;
      } else if (c instanceof EmptyCtx) {
        return null;
      } else {
        return c.value(key);
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
