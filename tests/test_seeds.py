"""The reconstructed sample seeds are exactly what the deterministic generator writes."""

from __future__ import annotations

from pathlib import Path

import generate_sample_seeds

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_generator_reproduces_committed_seeds(tmp_path: Path) -> None:
    generate_sample_seeds.main(["--seeds-dir", str(tmp_path)])
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.csv"))
    assert len(written) == 10
    for relative in written:
        assert (tmp_path / relative).read_bytes() == (SEEDS / relative).read_bytes(), relative


def test_every_cited_job_board_region_and_industry_appears() -> None:
    postings = generate_sample_seeds.POSTINGS
    assert len({p[0] for p in postings}) == 22
    assert {p[1] for p in postings} == {
        "AWS", "Google", "Microsoft", "Snowflake", "Stripe", "Anthropic", "Spotify", "JPMorgan", "CVS Health", "Nuro",
    }  # fmt: skip
    assert len({p[5] for p in postings}) == 8
    assert len({p[4] for p in postings}) == 6
