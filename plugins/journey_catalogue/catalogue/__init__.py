"""Cross-map facts, computed once per catalogue: the index (who appears where, what is related, what needs
review), current and future states, the hierarchy of journeys within journeys, one map's relations, and
the insights across every map.

Pure: imports `format/` only; knows nothing of HTML, charts, MkDocs or the command line.
"""
