/** Go's chan package for Java; not implemented yet (see the open issue for module chan). */
package dev.goj.chan;
