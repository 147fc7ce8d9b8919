"""A dbt-duckdb plugin (profiles.yml: `plugins: [{module: job_skills.duckdb_plugin}]`) that gives
each DuckDB connection dbt opens the native word matcher's functions:

- job_skills_word_matcher(keys VARCHAR[], case_sensitive BOOLEAN[]) -> BIGINT: a matcher for
  these aliases (each key its tokens joined by single spaces), by number;
- job_skills_word_matches(matcher BIGINT, text VARCHAR) -> STRUCT(alias_index INTEGER,
  token_position INTEGER)[]: the aliases found in the text (their indexes in the keys), each at
  the 1-based position of the token its first occurrence starts at;
- job_skills_token_text(text VARCHAR) -> VARCHAR: macro token_text, natively (for the tests);
- job_skills_word_matcher_status() -> VARCHAR: `native` and the library, or `sql` and why the
  native matcher could not be had (macro word_matcher_choice reads it).

The functions are Arrow functions: DuckDB hands them a batch of rows at a time, from each of its
threads.
"""

from __future__ import annotations

import pyarrow as pa
from dbt.adapters.duckdb.plugins import BasePlugin

from job_skills import native

_registry: native.Registry | None = None


def _status() -> tuple[str, native.Registry | None]:
    global _registry
    try:
        library = native.load()
    except native.NativeUnavailable as reason:
        return f"sql: the native word matcher is unavailable: {reason}", None
    if _registry is None:
        _registry = native.Registry(library)
    return f"native: {library.path}", _registry


class Plugin(BasePlugin):
    def configure_connection(self, conn) -> None:
        import duckdb
        from duckdb.sqltypes import BIGINT, BOOLEAN, VARCHAR

        status, registry = _status()
        conn.create_function("job_skills_word_matcher_status", lambda: status, [], VARCHAR, side_effects=False)
        if registry is None:
            return

        def matcher(keys: pa.ChunkedArray, flags: pa.ChunkedArray) -> pa.Array:
            numbers = []
            for key_list, flag_list in zip(keys.to_pylist(), flags.to_pylist(), strict=True):
                numbers.append(None if key_list is None else registry.number_for(key_list, flag_list or []))
            return pa.array(numbers, pa.int64())

        def matches(numbers: pa.ChunkedArray, texts: pa.ChunkedArray) -> pa.Array:
            given = numbers.drop_null()
            if len(given) == 0:
                return pa.nulls(len(texts), native.MATCH_TYPE)
            chosen = given[0].as_py()
            if len(given) != len(numbers) or given.unique().to_pylist() != [chosen]:
                raise ValueError("job_skills_word_matches: one matcher number for every row")
            return registry.get(chosen).matches(texts)

        def token_text(texts: pa.ChunkedArray) -> pa.Array:
            return native.token_text(registry.library, texts)

        match_type = duckdb.list_type(duckdb.struct_type({"alias_index": "INTEGER", "token_position": "INTEGER"}))
        conn.create_function(
            "job_skills_word_matcher",
            matcher,
            [duckdb.list_type(VARCHAR), duckdb.list_type(BOOLEAN)],
            BIGINT,
            type="arrow",
            null_handling="special",
            side_effects=False,
        )
        conn.create_function(
            "job_skills_word_matches",
            matches,
            [BIGINT, VARCHAR],
            match_type,
            type="arrow",
            null_handling="special",
            side_effects=False,
        )
        conn.create_function(
            "job_skills_token_text", token_text, [VARCHAR], VARCHAR, type="arrow", null_handling="special"
        )
