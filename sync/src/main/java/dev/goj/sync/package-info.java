/** Go's sync package for Java; not implemented yet (see the open issue for module sync). */
package dev.goj.sync;
