"""`job-skills docs`: dbt docs (one static page) and GX Data Docs under reports/, both readable offline.

    job-skills docs [--warehouse PATH] [--reports-dir reports] [--target-path target]
    job-skills docs --bundle-only FOLDER      (only the offline bundling of FOLDER's pages: make postings)

dbt docs generate --static gives one page that works offline (reports/dbt_docs/index.html); the
GX suites write their Data Docs (reports/data_docs/), and bundle() makes those offline too:

GX Data Docs load Bootstrap, jQuery, bootstrap-table and friends from CDNs, so offline they show
an empty index. bundle() finds every external <script src> and <link href> in a folder of HTML
pages, fetches the same file from the npm registry (`npm pack`, the one package registry these
machines reach), stores it under <folder>/vendor/, and points the pages at the local copy. A URL it
cannot map (or an image) is removed rather than left to fail, and listed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from job_skills.project import PROJECT_ROOT, run_dbt

CACHE_DIR = Path.home() / ".cache" / "job_skills" / "npm"
EXTERNAL = re.compile(r"""<(script|link|img)\b[^>]*?\b(src|href)=["'](https?://[^"']+)["'][^>]*>""", re.IGNORECASE)

# CDN URL prefix -> (npm package spec, path inside the package) for URLs that do not name the npm path.
KNOWN = {
    "https://code.jquery.com/jquery-3.7.1.min.js": ("jquery@3.7.1", "dist/jquery.min.js"),
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": (
        "bootstrap@4.3.1",
        "dist/css/bootstrap.min.css",
    ),
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": (
        "bootstrap@4.3.1",
        "dist/js/bootstrap.min.js",
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": (
        "popper.js@1.12.9",
        "dist/umd/popper.min.js",
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css": (
        "bootstrap-datepicker@1.9.0",
        "dist/css/bootstrap-datepicker.min.css",
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js": (
        "bootstrap-datepicker@1.9.0",
        "dist/js/bootstrap-datepicker.min.js",
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": (
        "@fortawesome/fontawesome-free@6.6.0",
        "css/all.min.css",
    ),
}
KNOWN.update(
    {
        "https://cdn.jsdelivr.net/npm/vega@5": ("vega@5", "build/vega.min.js"),
        "https://cdn.jsdelivr.net/npm/vega-lite@5": ("vega-lite@5", "build/vega-lite.min.js"),
        "https://cdn.jsdelivr.net/npm/vega-embed@6": ("vega-embed@6", "build/vega-embed.min.js"),
    }
)
NPM_CDNS = re.compile(r"^https://(?:unpkg\.com|cdn\.jsdelivr\.net/npm)/((?:@[^/]+/)?[^/@]+@[^/]+)/(.+)$")


@dataclass
class Bundling:
    vendored: dict[str, str] = field(default_factory=dict)  # URL -> path under the folder
    removed: list[str] = field(default_factory=list)


def npm_source(url: str) -> tuple[str, str] | None:
    """(package spec, path in package) for a CDN URL, or None when it is not an npm file."""
    if url in KNOWN:
        return KNOWN[url]
    match = NPM_CDNS.match(url.split("?")[0])
    return (match.group(1), match.group(2)) if match else None


def package_dir(spec: str) -> Path:
    """The unpacked npm package (cached); raises when npm cannot fetch it."""
    target = CACHE_DIR / spec.replace("/", "__")
    if not (target / "package").is_dir():
        with tempfile.TemporaryDirectory() as work:
            subprocess.run(["npm", "pack", spec, "--silent"], cwd=work, check=True, capture_output=True, text=True)
            tarball = next(Path(work).glob("*.tgz"))
            target.mkdir(parents=True, exist_ok=True)
            with tarfile.open(tarball) as archive:
                archive.extractall(target, filter="data")
    return target / "package"


def vendor(url: str, folder: Path) -> str | None:
    """Copy the URL's file (and, for a stylesheet, the fonts and images beside it) under folder/vendor/."""
    source = npm_source(url)
    if source is None:
        return None
    spec, inner = source
    package = package_dir(spec)
    if not (package / inner).is_file():
        return None
    local = Path("vendor") / spec.replace("/", "__") / inner
    (folder / local).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(package / inner, folder / local)
    if inner.endswith(".css"):  # url(../webfonts/...) and similar siblings of the stylesheet's folder
        for sibling in ("webfonts", "fonts", "img", "images"):
            found = (package / inner).parent.parent / sibling
            if found.is_dir():
                shutil.copytree(found, (folder / local).parent.parent / sibling, dirs_exist_ok=True)
    return local.as_posix()


def relative(target: str, page: Path, folder: Path) -> str:
    depth = len(page.relative_to(folder).parts) - 1
    return "../" * depth + target


def bundle(folder: Path) -> Bundling:
    """Rewrite every HTML page under folder to load only local files."""
    result = Bundling()
    for page in sorted(folder.rglob("*.html")):
        text = page.read_text(encoding="utf-8")

        def rewrite(match: re.Match[str], page: Path = page) -> str:
            tag, url = match.group(1).lower(), match.group(3)
            if tag in ("script", "link") and url not in result.vendored:
                local = vendor(url, folder)
                if local is not None:
                    result.vendored[url] = local
            if url in result.vendored and tag in ("script", "link"):
                return match.group(0).replace(url, relative(result.vendored[url], page, folder))
            if tag == "link" and "stylesheet" not in match.group(0):
                return match.group(0)  # a plain hyperlink (<link rel=...> other than a stylesheet) is harmless
            where = url.split("?")[0]
            if where not in result.removed:
                result.removed.append(where)
            return "" if tag != "script" else "<script>"  # the matching </script> closes this empty one

        page.write_text(EXTERNAL.sub(rewrite, text), encoding="utf-8")
    return result


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warehouse", type=Path, default=None, help="DuckDB file (default: DUCKDB_PATH or warehouse/)")
    parser.add_argument(
        "--reports-dir", type=Path, default=PROJECT_ROOT / "reports", help="where dbt_docs/ and data_docs/ go"
    )
    parser.add_argument("--target-path", type=Path, default=PROJECT_ROOT / "target", help="dbt's target folder")
    parser.add_argument(
        "--bundle-only",
        type=Path,
        default=None,
        metavar="FOLDER",
        help="only make the HTML pages under FOLDER (GX Data Docs) load local files; no dbt docs, no audit",
    )


def bundle_offline(folder: Path) -> int:
    """bundle() with its outcome in lines: 0 bundled, 2 when the folder has no Data Docs, 1 when npm
    cannot fetch a file (one line says so; the pages not yet rewritten keep loading from the CDN)."""
    if not (folder / "index.html").is_file():
        print(f"offline_docs: no Data Docs at {folder} (no index.html): nothing to bundle", file=sys.stderr)
        return 2
    try:
        result = bundle(folder)
    except (OSError, subprocess.CalledProcessError) as error:
        detail = (getattr(error, "stderr", None) or str(error)).strip().splitlines()
        print(
            f"offline_docs: could not fetch from the npm registry ({detail[-1] if detail else error}):"
            f" {folder / 'index.html'} needs the network to show",
            file=sys.stderr,
        )
        return 1
    print(f"offline_docs: {len(result.vendored)} files bundled under {folder / 'vendor'}")
    for url in result.removed:
        print(f"offline_docs: removed (no offline copy): {url}")
    return 0


def run(args: argparse.Namespace) -> int:
    """What `make docs` did: dbt docs generate --static, the GX suites' Data Docs, both made offline."""
    from job_skills.audit import validate

    if args.bundle_only is not None:
        return bundle_offline(args.bundle_only)
    dbt_docs, data_docs = args.reports_dir / "dbt_docs", args.reports_dir / "data_docs"
    dbt_docs.mkdir(parents=True, exist_ok=True)
    generated = run_dbt(["docs", "generate", "--static", "--target-path", str(args.target_path)], args.warehouse)
    print(generated.stdout, end="")
    if generated.returncode != 0:
        print(generated.stderr, end="", file=sys.stderr)
        return generated.returncode
    shutil.copy2(args.target_path / "static_index.html", dbt_docs / "index.html")
    code = validate.run(argparse.Namespace(warehouse=args.warehouse, data_docs_dir=data_docs))
    if code != 0:
        return code
    code = bundle_offline(data_docs)
    if code != 0:
        return code
    print(f"dbt docs: {dbt_docs / 'index.html'}; GX Data Docs: {data_docs / 'index.html'} (both work offline)")
    return 0
