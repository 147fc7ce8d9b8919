"""python -m job_skills.native: build the native word matcher now (the set-up runs this) and say
in one line which word matcher DuckDB builds will use. Exit code 0 either way: without a compiler
the SQL matcher runs, with the same results."""

from __future__ import annotations

import sys
import time

from job_skills import native


def main() -> int:
    started = time.perf_counter()
    try:
        path = native.build()
    except native.NativeUnavailable as reason:
        print(f"word matcher: sql (the native word matcher is unavailable: {reason})")
        return 0
    print(f"word matcher: native ({path}, {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
