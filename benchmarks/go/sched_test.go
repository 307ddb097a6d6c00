// The Go side of goj's scheduler benchmarks (benchmarks/src/main/java/dev/goj/bench/sched/SchedBench.java):
// the same four programs, so that goj's and the JDK's numbers can be read next to Go's own.
//
//	cd benchmarks/go && go test -bench . -benchtime 20x -count 5
package bench

import (
	"runtime"
	"sync"
	"testing"
)

// BenchmarkSpawnJoin1M starts one million goroutines that do nothing and waits for all of them.
func BenchmarkSpawnJoin1M(b *testing.B) {
	for i := 0; i < b.N; i++ {
		const n = 1000000
		var wg sync.WaitGroup
		wg.Add(n)
		for j := 0; j < n; j++ {
			go wg.Done()
		}
		wg.Wait()
	}
}

// BenchmarkPingPong passes a token between two goroutines over unbuffered channels; one op is one
// round trip.
func BenchmarkPingPong(b *testing.B) {
	ping := make(chan struct{})
	pong := make(chan struct{})
	go func() {
		for range ping {
			pong <- struct{}{}
		}
	}()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ping <- struct{}{}
		<-pong
	}
	b.StopTimer()
	close(ping)
}

func skynet(c chan<- int, num, size, div int) {
	if size == 1 {
		c <- num
		return
	}
	rc := make(chan int, div)
	var sum int
	for i := 0; i < div; i++ {
		subNum := num + i*(size/div)
		go skynet(rc, subNum, size/div, div)
	}
	for i := 0; i < div; i++ {
		sum += <-rc
	}
	c <- sum
}

// BenchmarkSkynet1M is the skynet benchmark: a tree of goroutines with fanout 10 and one million
// leaves, each returning its sum through a channel.
func BenchmarkSkynet1M(b *testing.B) {
	for i := 0; i < b.N; i++ {
		c := make(chan int)
		go skynet(c, 0, 1000000, 10)
		if sum := <-c; sum != 499999500000 {
			b.Fatalf("sum %d", sum)
		}
	}
}

const tasks = 1000
const work = 50000

// cpuWork is about 50us of arithmetic, the same loop as SchedBench.cpuWork.
func cpuWork(seed uint64) uint64 {
	x := seed
	for i := 0; i < work; i++ {
		x = x*6364136223846793005 + 1442695040888963407
		x ^= x >> 29
	}
	return x
}

var sink uint64

func fanOut(b *testing.B, procs int) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	for i := 0; i < b.N; i++ {
		var mu sync.Mutex
		var acc uint64
		var wg sync.WaitGroup
		wg.Add(tasks)
		for j := 0; j < tasks; j++ {
			go func(seed uint64) {
				r := cpuWork(seed)
				mu.Lock()
				acc += r
				mu.Unlock()
				wg.Done()
			}(uint64(j))
		}
		wg.Wait()
		sink += acc
	}
}

// BenchmarkFanOutProcs1 fans 1,000 CPU-bound tasks out and in on one P.
func BenchmarkFanOutProcs1(b *testing.B) { fanOut(b, 1) }

// BenchmarkFanOutProcs2 does the same on two Ps.
func BenchmarkFanOutProcs2(b *testing.B) { fanOut(b, 2) }
