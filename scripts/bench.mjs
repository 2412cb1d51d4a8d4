// Placeholder until the benchmark issue lands: says so instead of pretending to measure.
console.log('npm run bench: benchmarks are not implemented yet (see the benchmark issue).');
