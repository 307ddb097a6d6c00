/** Go's time package for Java; not implemented yet (see the open issue for module chan). */
package dev.goj.time;
