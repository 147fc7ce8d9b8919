"""Matching quality on expert-labelled postings (SkillSpan): converter, scorer, `job-skills evaluate`.

The scorer is written apart from the matcher: it never imports or calls the matcher's SQL or macros.
"""
