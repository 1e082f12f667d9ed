"""raw.surveys: satisfaction answers about the AI interview, 1-5."""

from expectations.source_suite import source_suite

SUITE = source_suite("surveys")
