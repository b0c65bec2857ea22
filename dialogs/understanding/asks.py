"""What a question to the coach asks for: a view (at-risk deals, the forecast, a deal's status),
an answer built from the deal (next best action, deal health), or a knowledge entry (how to
reach the economic buyer). Ranked matchers over data (prompts/understanding/asks.toml and the
knowledge entries' triggers): every matching pattern adds its topic's weight, the best wins."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from dialogs.domain.facts.chinese import to_simplified
from dialogs.domain.knowledge import entries
from dialogs.understanding.commands import dimension_aliases
from dialogs.understanding.normalize import fold
from prompts.renderer import load_understanding

KNOWLEDGE_WEIGHT = 1.5
# "How do I ask about <topic>?" outranks any entry: the topic's own entry says how to ask it.
ASK_HOW_WEIGHT = 2.0
# Dimension words too short or too common to stand for a topic inside a sentence.
_VAGUE = {"when", "time", "risk", "pain", "dm", "c&i", "approval", "时间", "時間"}
_MIXED = re.compile(r"(?<=[\u3400-\u9fff])(?=[a-z0-9])|(?<=[a-z0-9])(?=[\u3400-\u9fff])")
_MONTH = re.compile(r"\bthis month\b|\bmonth\b|\bmtd\b|本月|这个月|这月|当月|月底")
_QUARTER = re.compile(r"\bquarter\b|\bq[1-4]\b|\bqtd\b|本季|这季|这个季|季度|当季|季底|\bqtr\b")


@dataclass(frozen=True)
class Topic:
    code: str
    weight: float
    patterns: tuple[re.Pattern, ...]
    strong: tuple[re.Pattern, ...] = ()
    max_hits: int = 3  # a broad topic ("how is X doing?") counts once, however many forms match
    # All its phrasings in one pattern: most messages match no phrasing of most topics, and one
    # search says so (None when the phrasings can't be joined).
    any: Optional[re.Pattern] = None


@dataclass(frozen=True)
class Ask:
    code: str  # next_action, deal_health, at_risk, forecast, coaching_gaps, pipeline, status, or an entry id
    arg: str = ""  # the deal or rep named, as typed
    period: Optional[str] = None  # "month" | "quarter", for the forecast
    score: float = 0.0
    strong: bool = False  # phrased as a request to the coach, question mark or not


def _compile(patterns) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in patterns)


def _joined(*groups: tuple[re.Pattern, ...]) -> Optional[re.Pattern]:
    sources = [re.sub(r"\(\?P<\w+>", "(?:", p.pattern) for group in groups for p in group]
    try:
        return re.compile("|".join(f"(?:{s})" for s in sources)) if sources else None
    except re.error:
        return None


def _topic(code: str, weight: float, patterns: tuple[re.Pattern, ...], strong: tuple[re.Pattern, ...] = (),
           max_hits: int = 3) -> Topic:
    return Topic(code, weight, patterns, strong, max_hits, _joined(patterns, strong))


@lru_cache(maxsize=1)
def topics() -> tuple[Topic, ...]:
    # A section may answer with another's code: explicit phrasings of a generic topic ("what's
    # my next move?") weigh more than its loose ones ("what do I do?").
    out = [_topic(spec.get("code", name), float(spec.get("weight", 1.0)), _compile(spec.get("en", []) + spec.get("zh", [])),
                  _compile(spec.get("strong", [])), int(spec.get("max_hits", 3)))
           for name, spec in load_understanding("asks").items() if name != "ask_how"]
    out += [_topic(entry.id, KNOWLEDGE_WEIGHT, _compile(entry.triggers)) for entry in entries().values()]
    return tuple(out)


def period_of(text: str) -> Optional[str]:
    simple = _MIXED.sub(" ", to_simplified(fold(text)))
    if _MONTH.search(simple):
        return "month"
    if _QUARTER.search(simple):
        return "quarter"
    return None


@lru_cache(maxsize=1)
def _ask_how() -> tuple[tuple[re.Pattern, ...], tuple[tuple[str, str], ...]]:
    """How asking a topic is phrased, and the dimension words (longest first) to find the topic."""
    spec = load_understanding("asks")["ask_how"]
    words = {to_simplified(w.lower()): d for w, d in dimension_aliases().items()
             if w.lower() not in _VAGUE and (len(w) >= 4 or not w.isascii())}
    words |= {to_simplified(w): d for d, ws in spec.get("words", {}).items() for w in ws}
    return _compile(spec["en"] + spec["zh"]), tuple(sorted(words.items(), key=lambda x: -len(x[0])))


def _asked_dimension(simple: str, open_dimension: Optional[str]) -> Optional[str]:
    """ "How do I ask about budget?" -> budget; "how do I ask that?" with budget open -> budget."""
    if not any(p.search(simple) for p in _ask_how()[0]):
        return None
    return named_dimension(simple) or open_dimension


def named_dimension(simple: str) -> Optional[str]:
    """The topic a (folded, Simplified) message names anywhere, by its longest word ("what does
    authority mean?", "決策權是什麼意思"), or None."""
    for word, dim in _ask_how()[1]:
        if (re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", simple) if word.isascii()
                else word in simple.replace(" ", "")):
            return dim
    return None


def _bare_topic(simple: str) -> Optional[str]:
    """ "budget?", "預算？": a topic's name asked alone is how to find it out."""
    if "?" not in simple:
        return None
    return dimension_aliases().get(simple.strip(" ?!.").strip())


@lru_cache(maxsize=1)
def _strong() -> Optional[re.Pattern]:
    return _joined(*[t.strong for t in topics()])


def may_be_strong(text: str) -> bool:
    """Whether any topic's strong phrasing ("forecast this quarter", "下一步?") could be in
    ``text``: when not, and nothing else marks it a question, its topic can't matter and
    classify need not run (most answers and notes)."""
    simple = to_simplified(fold(text))
    strong = _strong()
    return strong is None or any(strong.search(form) for form in {simple, _MIXED.sub(" ", simple)})


def classify(text: str, open_dimension: Optional[str] = None) -> Optional[Ask]:
    """The best topic for ``text``, or None when no topic's phrasing matches. With a discovery
    question open on ``open_dimension``, "how do I ask that?" is about that dimension."""
    simple = to_simplified(fold(text))
    spaced = _MIXED.sub(" ", simple)  # English words beside Chinese ("这季forecast多少") stand apart
    forms = (simple,) if spaced == simple else (simple, spaced)  # most messages: one search each
    best: Optional[Ask] = None
    strong_codes: set[str] = set()
    dim = _asked_dimension(spaced, open_dimension) or _bare_topic(simple)
    if dim is not None:
        best = Ask(f"ask_{dim}", score=ASK_HOW_WEIGHT)
    for topic in topics():
        if topic.any is not None and not any(topic.any.search(form) for form in forms):
            continue
        hits, arg, strong = 0, "", False
        for pattern, is_strong in [(p, False) for p in topic.patterns] + [(p, True) for p in topic.strong]:
            if is_strong and strong:
                break  # one strong phrasing is enough
            m = next((found for form in forms if (found := pattern.search(form))), None)
            if m is None:
                continue
            hits += 1
            strong = strong or is_strong
            if not arg and "arg" in pattern.groupindex and m.group("arg"):
                arg = _span(text, simple, m)
        score = min(hits, topic.max_hits) * topic.weight
        if strong:
            strong_codes.add(topic.code)
        if score and (best is None or score > best.score):
            best = Ask(topic.code, arg, period_of(text) if topic.code == "forecast" else None, score, strong)
    if best is not None and best.code in strong_codes and not best.strong:
        # "下一步": the explicit next-step topic outscores next_action, whose strong phrasing it is
        best = Ask(best.code, best.arg, best.period, best.score, True)
    return best


def _span(original: str, simple: str, m: re.Match) -> str:
    """The argument as the rep typed it, when the folded text lines up with the original."""
    start, end = m.span("arg")
    folded = fold(original, lower=False)
    text = folded[start:end] if len(folded) == len(simple) else m.group("arg")
    return text.strip(" ,.?!？。")
