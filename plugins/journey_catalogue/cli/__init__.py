"""The `journeys` command line: the same core as the site, for contributors and CI."""
