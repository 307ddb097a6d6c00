/**
 * Go's channels for Java: {@link dev.goj.chan.Chan} (runtime/chan.go), {@link dev.goj.chan.Select}
 * (runtime/select.go), and the {@link dev.goj.chan.SendChan}/{@link dev.goj.chan.RecvChan} views.
 */
package dev.goj.chan;
