"""One suite per landing source: `SUITE` in each module."""
