/**
 * Go's context package (context/context.go, Go 1.21+ surface) for Java: cancellation trees,
 * deadlines, request-scoped values and cancellation causes. {@link dev.goj.context.Context#done()}
 * is a real goj channel, so it works in {@code Select} and in a for-each loop.
 */
package dev.goj.context;
