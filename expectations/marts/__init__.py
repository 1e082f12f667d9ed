"""One suite per key mart: `SUITE` in each module. Schemas are enforced by dbt contracts; these
suites judge values, keys and references, and run after the mart is built."""
