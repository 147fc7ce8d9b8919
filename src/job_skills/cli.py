"""job-skills: one command whose subcommands follow the flow (build, audit, publish, report, ...).

In the manner of dbt's cli: argparse subparsers, one per step. Each step's module has
`add_arguments(parser)` and `run(args) -> int`; only the module of the subcommand given is
imported (the audit loads Great Expectations, which takes seconds), so `job-skills --help` is quick.
A user's mistake is argparse's usage line and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType

from job_skills import __version__


@dataclass(frozen=True)
class Command:
    name: str
    module: str  # job_skills.<module>, or benchmarks.<module> from the project folder
    help: str
    interrupted: str = ""  # the one line a Ctrl-C prints outside the step's own handling


# In the order of the flow.
COMMANDS = (
    Command(
        "build",
        "job_skills.build",
        "dbt build (models, seeds and their tests) on the embedded DuckDB, or on Spark with DBT_TARGET=spark",
    ),
    Command("audit", "job_skills.audit.validate", "Great Expectations suites on the built warehouse, with Data Docs"),
    Command(
        "publish",
        "job_skills.publish",
        "audit the working warehouse and publish it for BI tools only when the suites pass",
        "publish: interrupted; nothing published",
    ),
    Command("report", "job_skills.report.render", "render the analysis (markdown, HTML, charts) from the marts"),
    Command(
        "postings",
        "job_skills.postings",
        "build, report and audit your own postings (make postings: settings from the environment)",
    ),
    Command("diff", "job_skills.diff", "what the working tree does to the marts against a base revision"),
    Command("docs", "job_skills.docs", "dbt docs and GX Data Docs under reports/, both readable offline"),
    Command("taxonomy", "job_skills.taxonomy.onet", "a skills taxonomy CSV from O*NET's technology skills"),
    Command("evaluate", "job_skills.evaluation.run", "precision and recall of the matcher on expert-labelled postings"),
    Command(
        "benchmark",
        "benchmarks.run",
        "the scale benchmark: warehouse vs the pyahocorasick, ahocorasick-rs and Hyperscan baselines",
    ),
)
BY_NAME = {command.name: command for command in COMMANDS}
STARTING = {"publish": "publish: interrupted while starting; nothing published, the published folder is unchanged"}


# The steps that work on Spark; every other one reads or writes the DuckDB warehouse file.
ON_SPARK = frozenset({"build"})


def refused_on_spark(name: str | None) -> str | None:
    """The one line for a DuckDB-only step asked for with DBT_TARGET=spark; None when it may run."""
    from job_skills.project import SPARK_TARGET

    if os.environ.get("DBT_TARGET") != SPARK_TARGET or name is None or name in ON_SPARK:
        return None
    return (
        f"{name}: works on the DuckDB warehouse file; with DBT_TARGET=spark the marts are Spark tables"
        " (schema marts, under SPARK_WAREHOUSE_DIR): read them with Spark, or unset DBT_TARGET"
    )


class ProjectError(Exception):
    """No project to work on, or no benchmarks folder in it: one line, exit code 2."""


def load(command: Command) -> ModuleType:
    from job_skills import project

    if project.PROJECT_ERROR is not None:
        raise ProjectError(project.PROJECT_ERROR)
    if command.module.startswith("benchmarks."):
        folder = project.PROJECT_ROOT / "benchmarks"
        if not (folder / "__init__.py").is_file():
            raise ProjectError(f"no benchmarks folder in {project.PROJECT_ROOT}")
        return project.import_benchmarks(command.module.removeprefix("benchmarks."))
    return importlib.import_module(command.module)


def build_parser(selected: ModuleType | None = None, name: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the selected subcommand's module adds its arguments."""
    parser = argparse.ArgumentParser(
        prog="job-skills",
        description="Job postings in, skill-demand tables people can trust out: a dbt + DuckDB warehouse.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="<command>", title="commands (in flow order)")
    subparsers.required = True
    for command in COMMANDS:
        sub = subparsers.add_parser(command.name, help=command.help, description=command.help)
        if selected is not None and command.name == name:
            selected.add_arguments(sub)
    return parser


def chosen(argv: Sequence[str]) -> str | None:
    """The subcommand named in argv: its first word that is not an option."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in BY_NAME else None
    return None


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """argv parsed as the command line would be (SystemExit(2) on a mistake); args.module is the step's module."""
    name = chosen(argv)
    module = load(BY_NAME[name]) if name else None
    args = build_parser(module, name).parse_args(list(argv))
    args.module = module
    args.command_line = list(argv)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    from_command_line = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    name = chosen(argv)
    refusal = refused_on_spark(name)
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return 2
    try:
        try:
            args = parse(argv)
        except ProjectError as error:
            print(f"job-skills: {error}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print(STARTING.get(name or "", "job-skills: interrupted while starting; nothing done"), file=sys.stderr)
            return 130
        return args.module.run(args)
    except KeyboardInterrupt:  # outside the step's own handling of Ctrl-C
        print(BY_NAME[args.command].interrupted or f"{args.command}: interrupted", file=sys.stderr)
        return 130
    finally:
        if from_command_line:  # done: a Ctrl-C while Python exits changes nothing
            signal.signal(signal.SIGINT, signal.SIG_IGN)
