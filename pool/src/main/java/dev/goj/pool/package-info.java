/**
 * Goroutine worker pools, ported from panjf2000/ants v2: {@link dev.goj.pool.Pool},
 * {@link dev.goj.pool.PoolWithFunc}, and their load-balanced groups {@link dev.goj.pool.MultiPool}
 * and {@link dev.goj.pool.MultiPoolWithFunc}.
 */
package dev.goj.pool;
