"""The word lists that decide when a clause is no evidence (prompts/understanding/*.toml,
[evidence]): hedges and negations, maybes, the rep's own actions, small talk. Compiled once."""

from __future__ import annotations

import re
from functools import lru_cache

from prompts.renderer import load_understanding


@lru_cache(maxsize=1)
def words() -> dict[str, tuple[re.Pattern, ...]]:
    out: dict[str, list[re.Pattern]] = {}
    for name in ("en", "zh"):
        for kind, patterns in load_understanding(name).get("evidence", {}).items():
            out.setdefault(kind, []).extend(re.compile(p) for p in patterns)
    return {k: tuple(v) for k, v in out.items()}
