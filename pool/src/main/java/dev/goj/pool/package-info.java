/** Go's pool package for Java; not implemented yet (see the open issue for module pool). */
package dev.goj.pool;
