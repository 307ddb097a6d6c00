/**
 * Go's time package for Java: {@link dev.goj.time.Time#sleep}, after, tick, timers and tickers on
 * runtime-core's timer service, with Go 1.23 synchronous timer channels.
 */
package dev.goj.time;
