module goj.dev/bench

go 1.23
