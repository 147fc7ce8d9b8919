"""The audit step: Great Expectations suites (suites.py) run on the warehouse (validate.py)."""
