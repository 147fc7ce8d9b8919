"""People read the docs and the report in a browser, offline: headless Chromium (Debian's package,
installed here when missing and running as root) opens the HTML report, dbt's static docs page and
the GX Data Docs, and the pages show their content after their scripts ran. Screenshots are kept
in the test's temporary folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from job_skills import docs as offline_docs
from job_skills.audit import validate as validate_warehouse
from job_skills.project import run_dbt
from job_skills.report import render as render_report

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--virtual-time-budget=5000",
]


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path to Chromium; installs Debian's package when missing and running as root (as CI does)."""
    found = shutil.which("chromium")
    if found is None and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-q", "chromium"]
        if subprocess.run(install, env=env, capture_output=True, check=False).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, check=False)
            subprocess.run(install, env=env, capture_output=True, check=False)
        found = shutil.which("chromium")
    if found is None:
        pytest.skip("Chromium is not installed and cannot be installed without root: apt-get install chromium")
    return found


def rendered_text(chromium: str, page: Path, profile: Path) -> str:
    """The page's DOM after its scripts ran, without the scripts themselves."""
    result = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return re.sub(r"<script\b.*?</script>", "", result.stdout, flags=re.DOTALL | re.IGNORECASE)


def screenshot(chromium: str, page: Path, target: Path, profile: Path) -> Path:
    subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={target}", "--window-size=1280,1400",
         page.as_uri()],
        capture_output=True, check=False, timeout=120,
    )  # fmt: skip
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 20_000, target
    return target


def test_html_report_renders_offline(chromium: str, built_warehouse: Path, tmp_path: Path) -> None:
    render_report.render(built_warehouse, tmp_path / "reports")
    page = tmp_path / "reports" / "job_posting_analysis_ai_infrastructure_team_lead.html"
    text = rendered_text(chromium, page, tmp_path / "profile")
    for skill in ("Leading AI/ML infrastructure teams", "Hiring &amp; talent development", "Observability"):
        assert skill in text
    screenshot(chromium, page, tmp_path / "report.png", tmp_path / "profile")


def test_dbt_docs_render_offline(chromium: str, built_warehouse: Path, tmp_path: Path) -> None:
    target = tmp_path / "target"
    result = run_dbt(["docs", "generate", "--static", "--target-path", str(target)], built_warehouse)
    assert result.returncode == 0, result.stdout[-3000:]
    page = target / "static_index.html"
    text = rendered_text(chromium, page, tmp_path / "profile")
    assert "fct_skill_frequency" in text  # the model tree is built by the page's scripts
    screenshot(chromium, page, tmp_path / "dbt_docs.png", tmp_path / "profile")


def test_gx_data_docs_render_offline(chromium: str, built_warehouse: Path, tmp_path: Path) -> None:
    docs = tmp_path / "data_docs"
    assert validate_warehouse.validate(built_warehouse, docs).success
    bundled = offline_docs.bundle(docs)
    assert bundled.vendored, "nothing was bundled"
    for page in docs.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<(script|link)\b[^>]*(src|href)=[\"']https?://", html), page
    text = rendered_text(chromium, docs / "index.html", tmp_path / "profile")
    assert "fct_skill_frequency" in text  # the validation table is filled in by bootstrap-table
    screenshot(chromium, docs / "index.html", tmp_path / "gx_docs.png", tmp_path / "profile")


def test_bundle_only_says_in_one_line_what_it_could_not_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`job-skills docs --bundle-only` (make postings' last step): no Data Docs is exit 2, npm unable to
    fetch a file is exit 1, each one line naming the page, never a traceback."""
    assert offline_docs.bundle_offline(tmp_path / "missing") == 2
    assert capsys.readouterr().err.strip() == (
        f"offline_docs: no Data Docs at {tmp_path / 'missing'} (no index.html): nothing to bundle"
    )
    (tmp_path / "index.html").write_text(
        '<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>', encoding="utf-8"
    )

    def npm_fails(spec: str) -> Path:
        raise subprocess.CalledProcessError(1, ["npm", "pack", spec], stderr="npm error code E404\nnpm error 404 vega")

    monkeypatch.setattr(offline_docs, "package_dir", npm_fails)
    assert offline_docs.bundle_offline(tmp_path) == 1
    assert capsys.readouterr().err.strip() == (
        "offline_docs: could not fetch from the npm registry (npm error 404 vega):"
        f" {tmp_path / 'index.html'} needs the network to show"
    )
