"""Which of the three languages a message is in, and what a user means by a language name."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")

_ALIASES = {
    "en": "en", "english": "en", "eng": "en", "en-us": "en", "en-gb": "en", "英文": "en",
    "zh-hant": "zh-Hant", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "tw": "zh-Hant",
    "traditional": "zh-Hant", "繁體": "zh-Hant", "繁體中文": "zh-Hant", "繁中": "zh-Hant",
    "繁体": "zh-Hant", "繁体中文": "zh-Hant", "正體中文": "zh-Hant",
    "zh-hans": "zh-Hans", "zh-cn": "zh-Hans", "zh-sg": "zh-Hans", "cn": "zh-Hans", "zh": "zh-Hans",
    "simplified": "zh-Hans", "简体": "zh-Hans", "简体中文": "zh-Hans", "簡體": "zh-Hans",
    "簡體中文": "zh-Hans", "中文": "zh-Hans",
}


def normalize_language(value: Optional[str]) -> Optional[str]:
    """Map "zh_TW", "繁體中文", "en-US"... to a language code, or None."""
    if not value:
        return None
    key = value.strip().lower().replace("_", "-")
    if key in _ALIASES:
        return _ALIASES[key]
    return "en" if key.startswith("en-") else None


@lru_cache(maxsize=1)
def _converters():
    import opencc

    return opencc.OpenCC("t2s"), opencc.OpenCC("s2t")


def _han_script(text: str) -> Optional[str]:
    """For Han text: "zh-Hant" when it changes under t2s, "zh-Hans" under s2t, else "zh"
    (characters both scripts share). None when there is no Han text."""
    han = "".join(_CJK.findall(text))
    if not han:
        return None
    to_simplified, to_traditional = _converters()
    if to_simplified.convert(han) != han:
        return "zh-Hant"
    if to_traditional.convert(han) != han:
        return "zh-Hans"
    return "zh"


def guess_language(text: str) -> Optional[str]:
    """A guess from the script, for reading a note: shared characters count as Traditional.
    None if no signal."""
    script = _han_script(text)
    if script:
        return "zh-Hant" if script == "zh" else script
    if len(_LATIN.findall(text)) >= 2:
        return "en"
    return None



_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def message_language(text: str) -> Optional[str]:
    """The language a message is written in, for the reply: "en", "zh-Hant", "zh-Hans", "zh"
    when it is Chinese in characters both scripts share (你好), or None when it is too short or
    neutral to tell (ok, 👍, a deal name, a slash command)."""
    if text.lstrip().startswith("/"):
        return None
    script = _han_script(text)
    if script:
        return script
    return "en" if len(_LATIN_WORD.findall(text)) >= 2 else None
