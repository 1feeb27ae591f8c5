"""Questions a reader asks of the message graph: explain a node, follow a flow, diff two revisions."""
