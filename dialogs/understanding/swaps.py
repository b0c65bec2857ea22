"""What a correction replaces: "i meant march 19 not 12", "預算是150萬不是120萬".

A correction that names the old value and the new one amends the stored answer holding the old
value, so the evidence reads "board meeting is march 19" rather than the rep's "oops" line."""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

from rapidfuzz import fuzz

from dialogs.domain.facts.people import find_people
from dialogs.domain.facts.dates import find_dates
from dialogs.domain.facts.money import find_money
from dialogs.understanding.commands import dimension_aliases
from dialogs.understanding.lexicon import lexicon

_DIGIT = re.compile(r"\d")


def swap(text: str) -> Optional[tuple[str, str]]:
    """(new, old) as the rep typed them, or None when the message doesn't say both."""
    folded = unicodedata.normalize("NFKC", " ".join(text.split()))
    lex = lexicon()
    for pattern in lex.swap:
        m = pattern.search(folded)
        if m is None:
            continue
        new, old = m.group("new"), m.group("old").strip()
        for lead in lex.swap_lead:
            new = lead.sub("", new)
        new = new.strip()
        if new and old and new.casefold() != old.casefold():
            return new, old
    return None


# A value said negated: "not 80k", "不是80萬", "而非Q2".
_NOT = r"(?:\bnot\s+|不是|而非)"
# Just before a word, what negates it: "not approved", "还没批", "尚未核准".
_NEGATED_BEFORE = re.compile(r"(?:\b(?:not|no|never|hasn'?t|haven'?t|isn'?t|wasn'?t)\s+(?:\w+\s+)?|还没|還沒|没|沒|未|尚未|不)$")
_WORDS = re.compile(r"[a-z][a-z']+|[\u3400-\u9fff]+")


def beside(text: str, new: str, old: str) -> str:
    """What a correction says besides its values: "预算批了，是100万不是80万" -> "预算批了，是"."""
    rest = unicodedata.normalize("NFKC", " ".join(text.split()))
    rest = re.sub(_NOT + r"\s*" + re.escape(old), " ", rest, count=1, flags=re.IGNORECASE)
    for value in (new, old):
        rest = re.sub(re.escape(value), " ", rest, count=1, flags=re.IGNORECASE)
    return rest


def adds_news(rest: str, answer: str) -> bool:
    """Whether the words beside a correction's values tell what ``answer`` doesn't: words it
    lacks, or says negated ("预算批了" against "预算还没批…80万"). Then the answer can't just
    have its value swapped: the correction, as written, replaces it."""
    lex = lexicon()
    particles = "".join(c for c in lex.swap_filler if len(c) == 1)
    rest, answer = without_lead(rest).casefold(), answer.casefold()
    # Chinese fillers and topic names of two characters or more, longest first ("預算其實是" says nothing new)
    fillers = sorted((w.casefold() for w in (*lex.swap_filler, *dimension_aliases()) if len(w) > 1 and not w.isascii()),
                     key=len, reverse=True)
    for m in _WORDS.finditer(rest):
        word = m.group()
        if not word.isascii():  # Chinese: a run without its fillers and particles ("是要決定" -> "要決定")
            for filler in fillers:
                word = word.replace(filler, "")
            word = word.strip(particles)
        if not word or word in lex.swap_filler or word in dimension_aliases():
            continue  # "budget is 95k not 90k": naming the topic says nothing new of it
        at = answer.find(word)
        if at < 0:
            return True
        if bool(_NEGATED_BEFORE.search(answer[:at])) != bool(_NEGATED_BEFORE.search(rest[:m.start()])):
            return True
    return False


def without_answer_lead(text: str) -> str:
    """An answer without the rep's lead-in ("ok. they find out at renewal" -> "they find out at
    renewal"); the text as it is when nothing would be left."""
    start = text.lstrip()
    out = start
    for lead in lexicon().answer_lead:
        out = lead.sub("", out, count=1)
    # verbatim otherwise: spaces and line breaks the rep typed stay
    return out if out != start and len(out.strip()) >= 3 else text


def without_lead(text: str) -> str:
    """The correction without the words that only say it is one ("不對 是Q3前要決定" -> "是Q3前要決定")."""
    for lead in lexicon().correction_lead:
        text = lead.sub("", text.strip(), count=1)
    return text.strip() or text


def implied(text: str, held: list[tuple[str, dict]], today) -> Optional[tuple[str, str]]:
    """(new, old) when the correction gives one new date or amount and exactly one of the answers
    (``held``: their texts and facts) holds one of that kind: "不對 是Q3前要決定" after "Q2前要決定"."""
    for kind, found in (("dates", [d.text for d in find_dates(text, today)]),
                        ("amounts", [m.text for m in find_money(text)])):
        if len(found) != 1:
            continue
        olds = [(answer, facts[kind][0]["text"]) for answer, facts in held if len(facts.get(kind) or []) == 1]
        if len(olds) == 1 and olds[0][1].casefold() != found[0].casefold() and olds[0][1] in olds[0][0]:
            return found[0], olds[0][1]
    return None


# a name said bare in a correction ("its Bill Lumberg"): capitalised words after the first word
_CAPITALISED = re.compile(r"(?<=\w[\s,])(?:[A-Z][a-z]+)(?:\s+[A-Z][a-z]+){0,2}\b")


def implied_name(text: str, known: list[str]) -> Optional[tuple[str, str]]:
    """(new, old) when a correction gives one name and one known name is spelt nearly so ("sorry
    wrong name, its Bill Lumberg" after "Bill Lumbergh"; "it's Priya" after "Priyanka")."""
    said = [p.name for p in find_people(text) if p.name] or _CAPITALISED.findall(text)
    if len(said) != 1:
        return None
    new = said[0]
    near = {k for k in known if k and k.casefold() != new.casefold()
            and (fuzz.ratio(k.casefold(), new.casefold()) >= 75 or k.split()[0].casefold().startswith(new.split()[0].casefold())
                 and len(new.split()) == 1)}
    if len(near) != 1:
        return None
    old = near.pop()
    # a first name for a full name renames the first name only ("Priya" for "Priyanka Nair")
    return (new, old.split()[0]) if len(new.split()) == 1 and len(old.split()) > 1 else (new, old)


def amend(evidence: str, new: str, old: str) -> Optional[str]:
    """The evidence with ``old`` replaced by ``new``, when ``old`` occurs in it exactly once;
    else None. Extra words of the new value already there are not repeated ("march 19" for
    "12" in "march 12" gives "march 19"); a Chinese label before it is dropped ("預算150萬"
    for "120萬" in "預算大概120萬")."""
    found = [m for m in re.finditer(re.escape(old), evidence, re.IGNORECASE) if _whole(evidence, m)]
    if len(found) > 1 and not new.isascii():  # "跟张总聊了下…最后张总说了算": the one the correction's words follow
        found = [m for m in found if any(len(new) - cut >= 2 and evidence[m.end():].startswith(new[cut:])
                                         for cut in range(1, len(new) - 1))] or found
    if len(found) != 1:
        return None
    m = found[0]
    # what the evidence says just after the old value, said again ("是王总说了算不是张总" in "张总说了算")
    for cut in range(1, len(new) - 1):
        if len(new) - cut >= 2 and not new.isascii() and evidence[m.end():].startswith(new[cut:]):
            new = new[:cut]
            break
    value = _aligned(evidence[:m.start()], new, m.group())
    if value is None:
        return None
    start, end = m.start(), m.end()
    # a title corrected with a new person ("拍板的是總經理陳大文，不是廠長" in "最後是廠長林志明拍板"):
    # the old title's person goes with it; a name corrected with a titled person ("是副总张强不是刘伟"
    # in "总经理刘伟"): the old name's title goes with it
    newcomers = [p for p in find_people(new) if p.name]
    if newcomers:
        named = next((p for p in find_people(evidence) if p.name and p.title and p.start <= m.start() < p.end), None)
        if named is not None and named.end > end and evidence[end:named.end].strip().endswith(named.name):
            end = named.end
        if named is not None and newcomers[0].title and named.start < start and m.group() == named.name:
            start = named.start
    return evidence[:start] + value + evidence[end:]


def _whole(text: str, m: re.Match) -> bool:
    """Not inside a longer word or number ("12" in "120k" is no match); Chinese has no spaces,
    so only Latin letters and digits run on."""
    before = text[m.start() - 1] if m.start() else " "
    after = text[m.end()] if m.end() < len(text) else " "
    return not _runs_on(before, m.group()[0]) and not _runs_on(m.group()[-1], after)


def _runs_on(a: str, b: str) -> bool:
    word = lambda ch: ch.isalnum() or ch == "_"  # noqa: E731
    return (word(a) and word(b) and (a + b).isascii()) or (a.isdigit() and b.isdigit())


def _aligned(before: str, new: str, old: str) -> Optional[str]:
    """What replaces ``old``, which ``before`` precedes in the evidence; None when unclear."""
    new_words, old_words = new.split(), old.split()
    if len(new_words) > 1 or len(old_words) > 1:
        # Words: the new value's last words stand for the old value's last words. More words
        # than the old value only when the evidence has them already ("march" before "12").
        if len(new_words) > len(old_words):
            extra = " ".join(new_words[:len(new_words) - len(old_words)])
            if not before.rstrip().casefold().endswith(extra.casefold()):
                return None
            return " ".join(new_words[len(new_words) - len(old_words):])
        # Fewer: the new words replace old words of their kind (a figure for a figure), the
        # last such run ("19" for "12" in "march 12"; "12" for "120" in "120 licenses").
        k = len(new_words)
        kind = [bool(_DIGIT.search(w)) for w in new_words]
        for i in range(len(old_words) - k, -1, -1):
            if [bool(_DIGIT.search(w)) for w in old_words[i:i + k]] == kind:
                return " ".join(old_words[:i] + new_words + old_words[i + k:])
        return None
    if new.isascii():  # one word for one word ("thursday" for "friday"): no label to drop
        return new
    # One run of characters (Chinese has no spaces): drop a label of two or more characters,
    # with no digits, that the evidence already has and the old value doesn't start with.
    for cut in range(len(new) - 1, 1, -1):
        label = new[:cut]
        if not _DIGIT.search(label) and label in before and not old.startswith(label):
            return new[cut:]
    # what the evidence says just before the old value, said again ("3月25號" for "15號" in "3月15號")
    for cut in range(len(new) - 1, 1, -1):
        if before.endswith(new[:cut]) and not old.startswith(new[:cut]):
            return new[cut:]
    return new
