// The Go side of goj's channel and timer benchmarks (ChanBench.java, TimerBench.java): the same
// programs, so that goj's and the JDK's numbers can be read next to Go's own. ns/op is per message
// (per round trip for BenchmarkPingPong in sched_test.go, per receive for the timer rows).
//
//	cd benchmarks/go && go test -bench 'Buffered|Select|NewTimerStop' -count 3
package bench

import (
	"sync"
	"testing"
	"time"
)

// BenchmarkBuffered1P1C: one producer, one consumer, a channel of capacity 128.
func BenchmarkBuffered1P1C(b *testing.B) {
	c := make(chan int, 128)
	go func() {
		for i := 0; i < b.N; i++ {
			c <- i
		}
	}()
	for i := 0; i < b.N; i++ {
		<-c
	}
}

// BenchmarkBuffered4P4C: four producers and four consumers, a channel of capacity 128.
func BenchmarkBuffered4P4C(b *testing.B) {
	c := make(chan int, 128)
	n := b.N / 4
	var wg sync.WaitGroup
	wg.Add(8)
	for p := 0; p < 4; p++ {
		go func() {
			defer wg.Done()
			for i := 0; i < n; i++ {
				c <- i
			}
		}()
		go func() {
			defer wg.Done()
			for i := 0; i < n; i++ {
				<-c
			}
		}()
	}
	wg.Wait()
}

// BenchmarkSelectTwoChannels: one consumer selects over two capacity-128 channels, each fed by
// its own producer.
func BenchmarkSelectTwoChannels(b *testing.B) {
	c1 := make(chan int, 128)
	c2 := make(chan int, 128)
	half := b.N / 2
	go func() {
		for i := 0; i < half; i++ {
			c1 <- i
		}
	}()
	go func() {
		for i := 0; i < b.N-half; i++ {
			c2 <- i
		}
	}()
	for i := 0; i < b.N; i++ {
		select {
		case <-c1:
		case <-c2:
		}
	}
}

// BenchmarkSelectDefault: a non-blocking receive on an empty channel (NonBlockingSelectBench).
func BenchmarkSelectDefault(b *testing.B) {
	c := make(chan int, 16)
	n := 0
	for i := 0; i < b.N; i++ {
		select {
		case <-c:
			n++
		default:
		}
	}
	if n != 0 {
		b.Fatal("received from an empty channel")
	}
}

// BenchmarkSelect2Default: a non-blocking select over two empty channels, one buffered and one not.
func BenchmarkSelect2Default(b *testing.B) {
	c1 := make(chan int, 16)
	c2 := make(chan int)
	n := 0
	for i := 0; i < b.N; i++ {
		select {
		case <-c1:
			n++
		case <-c2:
			n++
		default:
		}
	}
	if n != 0 {
		b.Fatal("received from an empty channel")
	}
}

// BenchmarkSelectWithAfter: the receive-with-timeout idiom on a channel that is ready.
func BenchmarkSelectWithAfter(b *testing.B) {
	c := make(chan int, 1)
	for i := 0; i < b.N; i++ {
		c <- 1
		select {
		case <-c:
		case <-time.After(time.Hour):
		}
	}
}

// BenchmarkNewTimerStop: a timer started and stopped before it fires.
func BenchmarkNewTimerStop(b *testing.B) {
	for i := 0; i < b.N; i++ {
		time.NewTimer(time.Hour).Stop()
	}
}
