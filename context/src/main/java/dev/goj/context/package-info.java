/** Go's context package for Java; not implemented yet (see the open issue for module context). */
package dev.goj.context;
