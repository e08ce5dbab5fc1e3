// Node flags `qkdsim run` runs under (web/qkdsim.mjs restarts itself with them; the benchmarks give
// them to the processes they measure, so what they measure is what the command does).
//
// A larger young generation: a constellation run keeps millions of pass records alive while it
// allocates short-lived SGP4 states and CSV text; with V8's default 16 MB semi-spaces it scavenged
// every few milliseconds and spent ~25 % of its CPU time in the garbage collector (1000 satellites x
// 100 stations x 7 days: 191 s CPU, 149 s with 64 MB). V8 reads the size when the heap is made, so a
// running process cannot change it.
export const RUN_NODE_FLAGS = ['--max-semi-space-size=64'];
