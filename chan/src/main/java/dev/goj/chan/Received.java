package dev.goj.chan;

/**
 * The result of Go's {@code v, ok := <-ch}: {@code ok} is true when {@code value} was sent, false
 * when the channel is closed and drained ({@code value} is then null, Go's zero value).
 */
public record Received<T>(T value, boolean ok) {}
