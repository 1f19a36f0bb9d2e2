"""The load test (`scripts/loadtest`, docs/performance.md "Under load"): seed data, the locust users, the report."""
