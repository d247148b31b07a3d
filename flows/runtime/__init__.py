"""What exists only for speed or process management, apart from the domain logic: the worker
pool (`pool`), the commit helper process (`committer`), read-ahead and analysis batching
(`batching`), and parameters Prefect does not inspect (`opaque`). Each says what it saves;
bench/throughput.py measures it (figures in bench/RESULTS.md)."""
