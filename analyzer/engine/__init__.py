"""Running extraction over a project: the content-hash cache and the worker processes."""
