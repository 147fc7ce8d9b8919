"""python -m job_skills: the same as the job-skills command."""

from job_skills.cli import main

raise SystemExit(main())
