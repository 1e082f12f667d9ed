"""raw.training_catalog: courses and the competency each builds."""

from expectations.source_suite import source_suite

SUITE = source_suite("training_catalog")
