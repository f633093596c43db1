"""Map history from git: which revisions touched each map, what each changed, earlier curves, and what a
pull request changes in the catalogue (review.py, behind `journeys review`)."""
