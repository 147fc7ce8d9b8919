"""Taxonomies a user can build from public sources (onet.py: O*NET technology skills)."""
