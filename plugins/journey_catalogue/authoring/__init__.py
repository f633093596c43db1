"""Writing catalogues and maps: `journeys init`'s scaffold, `journeys new`'s map from a template, and the
starter B2B and B2C templates every catalogue gets.

The package data under scaffold/ and starters/ is laid out as it lands in a catalogue. Imports `format/`;
knows nothing of MkDocs, HTML or the command line's arguments.
"""
