"""Engine-neutral generation: the catalogue's pages as ordinary Markdown files in a docs folder.

For site engines that run no plugin (Zensical): `journeys generate` writes, into one output folder, one
Markdown page per map, persona and index page, each carrying its rendered sections as HTML, with the
assets those pages need. The pages come from the same PageRenderer and CatalogueIndex as the MkDocs
plugin's; only the packaging differs. Nothing outside the output folder is ever written.

pages.py     what the output folder must hold (pure); output.py writes it exactly, or lists what is stale
engines.py   which engine a catalogue uses, from its configuration files, and whether it runs the plugin
guard.py     a Markdown extension: the one piece that runs inside Zensical, to stop a build without maps
"""
