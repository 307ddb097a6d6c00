/** goj chan: Go channels, select, and Go's time package (timers, tickers, sleep). */
module dev.goj.chan {
  requires dev.goj.runtime;
  exports dev.goj.chan;
  exports dev.goj.time;
}
