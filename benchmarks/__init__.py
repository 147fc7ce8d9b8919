"""The scale benchmark, beside its results (RESULTS.md, results.json); not part of the installed package.

`job-skills benchmark` runs run.py; tests and the CLI import this folder by path as the package
`benchmarks` (job_skills.project.import_benchmarks), so its modules import each other as
`benchmarks.<module>`. From the project root, `python -m benchmarks.data` and
`python -m benchmarks.baselines` run the generator and one baseline on their own.
"""
