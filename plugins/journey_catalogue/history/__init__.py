"""Map history from git: which revisions touched each map, what each changed, and earlier curves."""
