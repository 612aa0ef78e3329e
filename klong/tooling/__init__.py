"""What the front doors (the language server, the Jupyter kernel) show of values and of
gradient expressions, written once below them: plain functions and plain data, no editor,
no protocol."""
