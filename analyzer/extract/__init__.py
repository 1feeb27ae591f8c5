"""Extraction: one file's bytes in, its FileFacts out. Pure, so it can be cached and parallelised.

`source.extract` reads a Python file with libcst, `infra.extract_infra` a template; `text` holds
what needs no parser (decoding, problems), so that runs that parse nothing never import libcst.
"""
