"""job-skills: a dbt + DuckDB warehouse that turns job postings into skill-demand tables."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("job-skills-warehouse")
except PackageNotFoundError:  # run from a checkout without installing
    __version__ = "0+unknown"
