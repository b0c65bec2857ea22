"""The rule recognisers. Each proposes candidate utterances with a score; the best score wins
(opsdroid's ranked matchers), so a question that happens to contain a command word is still
a question, and an answer that mentions "next" is still an answer.

Scores, highest first: a slash command 1.0; command words that match the whole message 0.95;
phrasings that outrank a question 0.93; a request to the coach in so many words ("forecast this
quarter") 0.91; fillers 0.9; strong command phrasings 0.9 (switching deals 0.88; prep, log and
summary naming no deal 0.8); controls 0.88; "don't know" 0.88; corrections 0.88; a coaching
topic with a question word ("cfo says no budget, help") 0.87; questions to the coach 0.86;
a note in passing ("btw...") 0.82; an answer that fits the open question 0.8; a bare deal name
0.8; loose command phrasings 0.78; a correction's weak form 0.72; a bare question mark 0.62; a
long note on other topics than the open question 0.6; any other answer 0.55; a note 0.5.
At 0.8 and above the rules are confident and no LLM is asked (dialogs/understanding).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Optional

from rapidfuzz import fuzz, process, utils

from dialogs.domain.dimensions import DIMENSIONS
from dialogs.domain.facts.chinese import to_simplified
from dialogs.domain.facts.dates import parse_date
from dialogs.domain.facts.lazy import lazy_compile
from dialogs.domain.facts.money import BARE_FIGURE, parse_currency, parse_money
from dialogs.domain.language import normalize_language
from dialogs.domain.evidence_words import words
from dialogs.domain.facts.activities import not_reached
from dialogs.domain.reading import THRESHOLD, read_note
import dialogs.understanding.commands as commands
import dialogs.understanding.asks as asks
from dialogs.understanding.commands import Command
from dialogs.understanding.lexicon import lexicon
from dialogs.understanding.normalize import core, fold, is_symbols_only, size, unquoted, without_symbols
from dialogs.understanding.utterance import CONTROL_INTENTS, Context, Utterance

SHORT = 10  # a "don't know" or a control is a short message
_TEAM = lazy_compile(r"\bteam\b|团队|團隊|全组|全組|组里|組裡|整组|整組")
_TIME_WORDS = lazy_compile(r"\b(?:tmrw|tomorrow|today|tonight|this (?:morning|afternoon|week)|next week|later|asap|"
                         r"on (?:mon|tue|wed|thu|fri)\w*)\b.*$", re.IGNORECASE)
_SENTENCE = lazy_compile(r"\b(?:is|are|was|were|has|have|had|got|gets|will|would|can|could|should|by|because)\b",
                       re.IGNORECASE)
_SENTENCES = lazy_compile(r"(?<=[.!?;。！？；])(?![.!?;。！？；])\s*|\n+")  # "??" ends one sentence
# The rep saying they did not ask about a topic ("还没来得及问做成之后的好处", "didn't get to ask
# about budget"): that topic's unknown, never a "don't know" for the question open.
_NOT_ASKED = lazy_compile(r"(?:没|沒)(?:来得及|來得及|时间|時間|机会|機會)?(?:问|問)|\b(?:didn'?t|did\s+not|never|forgot\s+to)\s+"
                          r"(?:get\s+to\s+|have\s+time\s+to\s+)?ask\b|\bhaven'?t\s+asked\b|\bno\s+time\s+to\s+ask\b", re.IGNORECASE)
_BLANKS = lazy_compile(r"[:：=]\s*[?？]+")  # "Decision maker: ??" is a blank in a note, not a question
_LANG_WORDS = {"english": "en", "英文": "en", "chinese": "zh-Hans", "mandarin": "zh-Hans", "中文": "zh-Hans",
               "traditional": "zh-Hant", "繁体": "zh-Hant", "繁中": "zh-Hant", "simplified": "zh-Hans",
               "简体": "zh-Hans", "简中": "zh-Hans"}
_CURRENCY_WORDS = {"人民币": "CNY", "台币": "TWD", "新台币": "TWD", "美金": "USD", "美元": "USD", "欧元": "EUR",
                   "日元": "JPY", "日币": "JPY", "港币": "HKD"}


def _utt(kind: str, score: float, source: str, intent: Optional[str] = None, arg: str = "",
         dimension: Optional[str] = None) -> Utterance:
    return Utterance(kind=kind, intent=intent, arg=arg, dimension=dimension, confidence=score,
                     source=source)


def _from_command(cmd: Command, score: float, source: str) -> Utterance:
    if cmd.name == "unknown":  # "/unknown", "don't know": an explicit unknown, not a command
        return _utt("unknown", score, source, arg=cmd.arg)
    if cmd.name in CONTROL_INTENTS:
        return _utt("control", score, source, cmd.name, cmd.arg)
    return _utt("command", score, source, cmd.name, cmd.arg)


# -- arguments ------------------------------------------------------------------------------


def _names_a_deal(arg: str, ctx: Context, *, scorer=fuzz.WRatio, cutoff: int = 80) -> bool:
    """Whether ``arg`` is close to one of the rep's deal names (loose inside a command, strict alone)."""
    if not ctx.deal_names:
        return False
    return process.extractOne(arg.strip(), list(ctx.deal_names), scorer=scorer,
                              processor=utils.default_process, score_cutoff=cutoff) is not None


def _first_word_of_a_deal(text: str, ctx: Context) -> bool:
    """ "kestrel" for "Kestrel Foods": one word, four letters or more, that starts one deal's name."""
    word = text.strip().lower()
    if " " in word or not ctx.deal_names:
        return False
    if re.fullmatch(r"[\u4e00-\u9fff]{2,}", word):  # "宁德" for "宁德时代": Chinese names have no spaces
        return sum(to_simplified(name).startswith(to_simplified(word)) for name in ctx.deal_names) == 1
    if len(word) < 4:
        return False
    return sum(name.lower().split()[0] == word for name in ctx.deal_names if name.split()) == 1


_CALL_WORDS = lazy_compile(r"\b(?:call|meeting|mtg|demo|brief)\b|通话|通話|会议|會議|电话|電話|拜访|拜訪", re.IGNORECASE)


def _valid_arg(name: str, arg: str, ctx: Context, today: date, text: str = "") -> bool:
    """Whether a command word typed mid-question carries an argument that makes it a command."""
    if name == "prep":  # "prep me for my call with X", "通話前準備 X": the call makes it a command
        return not arg or bool(_CALL_WORDS.search(text)) or _names_a_deal(arg, ctx)
    if name == "edit":
        return bool(arg) and commands.resolve_dimension(arg) is not None
    if name == "discover":
        return not arg or commands.resolve_dimension(arg) is not None
    if name == "new_deal":  # a name, not a sentence: "new deal flow is blocked by legal" is an answer
        words = arg.lower().split()
        return 0 < len(words) <= 6 and not _SENTENCE.search(arg)
    if name == "amount":  # "金額300萬 預計明年3月成交": the amount, then the close date
        both = commands.trailing("close", arg)
        return parse_money(both[0] if both else arg) is not None
    if name == "close":
        return parse_date(arg, today) is not None
    if name == "currency":
        return parse_currency(arg) is not None
    if name == "lang":
        return normalize_language(arg) is not None
    if name == "pipeline":
        return arg in ("", "me", "team", "my team")
    if name in ("summary", "use_deal", "log"):
        return not arg or _names_a_deal(arg, ctx)
    return True


# "my call with acme", "下周的电话", "跟华东的会议": the call is no part of the deal's name
_CALL_LEAD = lazy_compile(r"^(?:(?:for|with)\s+)?(?:my|the|our|this|next|a)?\s*(?:call|meeting|demo|visit|sync|chat)s?\b"
                          r"(?:\s+(?:with|at|for)\b)?", re.IGNORECASE)
_CALL_TAIL = lazy_compile(r"^(?:跟|和|与|與)|(?:下周|下週|明天|今天|后天|後天|[周週][一二三四五六日天]|下次)?的?"
                          r"(?:电话|電話|通话|通話|会议|會議|会面|會面|会|會|拜访|拜訪|demo)$")


_CN_WHEN_LEAD = lazy_compile(r"^(?:一下|下)?\s*(?:(?:下周|下週|下礼拜|下禮拜|这周|這週|明天|今天|后天|後天|下次)?[周週]?[一二三四五六日天]?的?)\s*")


def _clean_deal_arg(arg: str) -> str:
    """ "dana at globex tmrw" -> "globex", "一下明天跟全家的會議" -> "全家": the deal is what comes
    after the last "at", less the day and the meeting."""
    arg = _CN_WHEN_LEAD.sub("", arg.strip())
    arg = _TIME_WORDS.sub("", arg).strip(" ,.?!")
    arg = _CALL_TAIL.sub("", _CALL_LEAD.sub("", arg).strip()).strip()
    if " at " in f" {arg} ":
        arg = arg.rsplit(" at ", 1)[-1] if " at " in arg else arg.split("at ", 1)[-1]
    return arg.strip(" ,.?!")


def _intent_arg(intent: str, arg: str, text: str) -> str:
    if intent == "pipeline":
        return "team" if _TEAM.search(text) else ""
    if intent == "lang":
        low = text.lower()
        if "traditional" in low or "繁" in text:
            return "zh-Hant"
        return _LANG_WORDS.get(arg.lower(), arg)
    if intent == "currency":
        return _CURRENCY_WORDS.get(arg.strip(), arg.strip())
    if intent == "discover":
        dim = commands.resolve_dimension(arg) if arg else None
        return dim or arg
    if intent in ("prep", "log", "summary", "use_deal"):
        return _clean_deal_arg(arg)
    return arg.strip()


def _original_span(original: str, simplified: str, m: re.Match, group: str) -> str:
    """The argument as the rep typed it (in their script), when the match ran on Simplified."""
    if group not in m.re.groupindex or m.group(group) is None:
        return ""
    start, end = m.span(group)
    if len(original) == len(simplified):
        return original[start:end].strip()
    return m.group(group).strip()


# -- the recognisers -----------------------------------------------------------------------


def _slash(text: str, ctx: Context, today: date) -> list[Utterance]:
    cmd = commands.slash_command(text)
    if cmd.name == commands.UNKNOWN and cmd.arg.lower() == "/coach":
        # Slack's /coach ARGS: the words after it are understood as if typed on their own.
        rest = text.strip().partition(" ")[2].strip()
        if not rest:
            return [_utt("command", 1.0, "slash", "help")]
        first = rest.split(" ", 1)[0]
        if commands.is_slash_word(first):
            return _slash("/" + rest, ctx, today)
        return [u for u in recognise(rest, ctx, today)]
    return [_from_command(cmd, 1.0, "slash")]


def _command_words(text: str, ctx: Context, today: date) -> list[Utterance]:
    out = []
    folded = core(text, lower=False)  # the patterns ignore case; the argument keeps the rep's
    for form in dict.fromkeys((folded, to_simplified(folded))):
        for cmd in commands.word_commands(form):
            if cmd.name == "start":  # "hi", "你好": a greeting, answered with the welcome
                out.append(_utt("chitchat", 0.95, "words"))
                continue
            score = 0.95
            if cmd.name in ("prep", "log", "summary") and cmd.arg:  # "准备下周的电话": the current deal's call
                cmd = Command(cmd.name, _clean_deal_arg(cmd.arg))
            if cmd.name == "use_deal" and any(w in cmd.arg.lower() for w in _LANG_WORDS):
                continue  # "switch to chinese" is about the language
            checked = ctx.in_flow and cmd.name in commands.NEEDS_VALID_ARG_IN_FLOW
            if (checked or cmd.name in ("edit", "discover")) and not _valid_arg(cmd.name, cmd.arg, ctx, today, text):
                score = 0.4  # most likely an answer or a correction that starts like a command
            if ctx.in_flow and cmd.name in commands.NOT_WORDS_IN_FLOW and not _deal_field(cmd, ctx, today):
                score = 0.4
            if cmd.name == "use_deal" and not _names_a_deal(cmd.arg, ctx) and asks.classify(text) is not None:
                score = 0.4  # "deal health check pls" asks about the deal; it names none
            out.append(_from_command(cmd, score, "words"))
    if not out and (typo := commands.misspelt_word(folded)) is not None:  # "reveiw", "sumary"
        out.append(_from_command(Command(typo), 0.9, "words"))
    return out


# The question whose answers look like a deal field: "deal size around 50k" answers the budget.
_FIELD_LOOKALIKE = {"amount": "budget", "close": "timeline"}


def _deal_field(cmd: Command, ctx: Context, today: date) -> bool:
    """A deal field typed mid-question is the command when it can't be the open question's answer:
    asked the consequences, "金額300萬 預計明年3月成交" sets the deal; asked the budget, "deal size
    around 50k" is the buyer's answer."""
    if cmd.name not in _FIELD_LOOKALIKE or not _valid_arg(cmd.name, cmd.arg, ctx, today):
        return False
    both = cmd.name == "amount" and commands.trailing("close", cmd.arg) is not None
    return both or ctx.open_dimension not in (None, _FIELD_LOOKALIKE[cmd.name])


def _without_question_lead(simple: str) -> str:
    for lead in lexicon().question_lead:
        simple = lead.sub("", simple)
    return simple


_QUOTE_LEAD = lazy_compile(r"^[^，。,:：？?]{1,12}[:：]")
_SENTENCE_END = lazy_compile(r"[。.!！?？]\s*")


def _lexicon(text: str, ctx: Context, today: date) -> list[Utterance]:
    lex = lexicon()
    out: list[Utterance] = []
    folded = fold(text)
    simple = to_simplified(folded)
    cased = fold(text, lower=False)  # for arguments, as the rep typed them
    bare = to_simplified(without_symbols(text))
    n = size(text)
    yes = bool(bare) and lex.affirm.fullmatch(bare) is not None
    if is_symbols_only(text) or yes or (bare and lex.chitchat.fullmatch(bare)):
        out.append(_utt("chitchat", 0.9, "lexicon", intent="affirm" if yes else None))
    unquoted_simple = to_simplified(unquoted(text))
    asked = _without_question_lead(unquoted_simple)
    if any(p.search(asked) for p in lex.reported):
        # The buyer's words relayed: only the rep's own closing clause can ask us something; after
        # "張經理自己講：" all of it is theirs, unless a sentence of the rep's follows.
        if _QUOTE_LEAD.match(asked):
            said_then = [s for s in _SENTENCE_END.split(asked) if s.strip()]
            asked = said_then[-1] if len(said_then) > 1 else ""
        else:
            asked = re.split(r"[,，;；]", asked)[-1]
    question = 0.0
    # The rep's own ask usually comes last, after the context: "meeting their CFO thurs. what
    # does a CFO want to hear". Only the last sentence: a question inside a note ("asked how
    # they measure it. they said 30%") is the buyer's topic.
    # (a note's lines are its sentences too, though folding joins them: "決策者：不確定誰拍板" on
    # a line of a field note asks nothing when its last line is small talk)
    tail = next((line for line in reversed(text.splitlines()) if line.strip()), text)
    whole = (asked if tail == text else _without_question_lead(to_simplified(unquoted(tail)))).strip()
    # the last sentence with a word in it: "decision maker: ??" splits after each "?"
    last = next((s.strip() for s in reversed(_SENTENCES.split(whole)) if re.search(r"\w", s)), whole)

    said = [asked, last]
    for embedded in lex.embedded_question:  # "我下週四再問他們卡在哪": what the rep will ask them
        said = [embedded.sub(" ", s) for s in said]
    if any(p.search(asked) for p in lex.question_first):
        question = 0.93
    elif any(p.search(s) for s in said for p in lex.question):
        question = 0.86
    # The topic from the whole message, quotes too: "they said there's no budget, help" asks
    # about no budget; "how do I ask 'what if you do nothing'" about consequences.
    unblanked = _BLANKS.sub(" ", last)
    for embedded in lex.embedded_question:  # "not sure how the process works": said, not asked
        unblanked = embedded.sub(" ", unblanked)
    asking = any(p.search(unblanked) for p in lex.asking)
    if not question and asked.rstrip().endswith("?") and not re.search(r"[:：]\s*\?+$", asked.rstrip()):
        # Ending in a question mark: a buyer's answer rarely does (unless quoted, dropped above;
        # "DM: ??" is a blank); a terse "Q3?" is an unsure answer, though, so only a sentence or
        # a question word ("最後誰拍板啊？") outranks a fitting answer.
        worded = any(p.search(unblanked) for p in lex.question_words)
        question = 0.82 if n >= 4 else 0.86 if worded else 0.62
        if not worded and read_note(text, today).unknown:
            question = 0.5  # "maybe 200k from ops?": a topic said with a doubt, no ask of ours
    # Only a question, an ask in the last sentence or a strong phrasing makes the topic count.
    topic = asks.classify(simple, ctx.open_dimension) if question or asking or asks.may_be_strong(simple) else None
    if question:
        out.append(_utt("question", question, "lexicon", topic.code if topic else None, topic.arg if topic else ""))
    elif topic is not None and topic.strong:  # "forecast this quarter", "下一步?": asks us, no question mark needed
        question = 0.91
        out.append(_utt("question", question, "asks", topic.code, topic.arg))
    # a coaching topic, asked in the last sentence: "客户不回 咋办", "rate this deal"; a note's own
    # "预算？他说还没批" mid-way is the rep's shorthand, not a question to the coach
    elif topic is not None and asking and (n <= 4 * SHORT or "?" in last or "？" in last):
        # (a long note with a "which" or a "when" in it asks nothing: "…9 days to 3 days which she
        # says is worth about $60k…")
        question = 0.87
        out.append(_utt("question", question, "asks", topic.code, topic.arg))
    dont_know = any(p.search(simple) for p in lex.unknown)
    if dont_know and ctx.open_dimension and ctx.open_dimension in read_note(text, today).dimensions:
        # "陳董最後拍板，不過流程還不清楚": the answer, with part of it not known yet
        dont_know = False
    if dont_know and n <= SHORT:
        # "is it normal they won't say who signs?" asks us; "they won't say" alone is an unknown
        out.append(_utt("unknown", 0.8 if question >= 0.86 else 0.88, "lexicon"))
    elif dont_know and ctx.in_flow and n <= 2 * SHORT:
        out.append(_utt("unknown", 0.6, "lexicon"))
    if any(p.search(simple) for p in lex.correction):
        out.append(_utt("correction", 0.88, "lexicon"))
    elif any(p.search(unquoted_simple) for p in lex.correction_weak):
        out.append(_utt("correction", 0.72, "lexicon"))
    if ctx.in_flow and any(p.search(simple) for p in lex.aside):
        out.append(_utt("note", 0.82, "lexicon"))
    if n <= SHORT:
        for intent, pattern in lex.controls:
            if pattern.search(simple) and not (intent == "rephrase" and asks.named_dimension(simple)):
                out.append(_utt("control", 0.88, "lexicon", intent))
                break  # "決策權是什麼意思" asks what that topic is, not for the question again
    for table, score in ((lex.intents_strong, 0.9), (lex.intents, 0.78)):
        for intent, pattern in table:
            m = pattern.search(simple)
            if not m:
                continue
            arg = _intent_arg(intent, _original_span(cased, simple, m, "arg"), simple)
            s = score - (0.02 if intent == "use_deal" else 0)
            if intent in ("prep", "log", "summary") and arg and not _names_a_deal(arg, ctx):
                s = min(s, 0.8)  # "prep for the meeting with their IT dept, what do they care about?" asks us
            if intent == "use_deal":  # "go back to globex" names a deal: no "back" to the last question
                if not (arg and _names_a_deal(arg, ctx)) and not _SWITCH_WORD.search(simple):
                    continue  # "看看目前收集了哪些信息" names no deal: another phrasing may fit
                s = 0.91 if arg and _names_a_deal(arg, ctx) else s
            if ctx.in_flow and intent in commands.NEEDS_VALID_ARG_IN_FLOW and intent not in (
                    "use_deal", "prep", "log", "summary", "discover", "pipeline") \
                    and not _valid_arg(intent, arg, ctx, today, text):
                s = 0.4
            out.append(_utt("command", s, "phrasing", intent, arg))
            break
    return out


def _reading(text: str, ctx: Context, today: date) -> list[Utterance]:
    """Free text: the buyer's answer to the open question, or a note for the deal."""
    reading = read_note(text, today)
    dims = reading.dimensions
    simple = to_simplified(fold(text)) if ctx.open_dimension else ""
    if ctx.open_dimension and ctx.open_dimension not in dims and any(
            p.search(simple) for p in (*words()["own_action"], *words().get("internal", ()))):
        # "I'll send them the case study": the rep's own move, never the buyer's answer (a whole
        # call note that answers the question and ends with one is still the answer); nor is our
        # own side ("老板说这个季度要把这单预测拉进commit").
        return [_utt("note", 0.7, "reading"), _utt("answer", 0.5, "reading", dimension=ctx.open_dimension)]
    # "acme", "kestrel": switch to that deal, mid-question too when it says nothing of the topic
    named = size(text) <= 6 and (not ctx.in_flow or not dims) and (
        _names_a_deal(text, ctx, scorer=fuzz.ratio, cutoff=90) or _first_word_of_a_deal(text, ctx))
    if named:
        return [_utt("command", 0.8 if not ctx.in_flow else 0.7, "reading", "use_deal", text.strip()),
                _utt("note" if not ctx.in_flow else "answer", 0.5, "reading",
                     dimension=ctx.open_dimension if ctx.in_flow else None)]
    if not ctx.in_flow:
        return [_utt("note", 0.5, "reading")]
    if ctx.open_dimension is None:  # a question of another flow (a call's outcome, a date)
        return [_utt("answer", 0.55, "reading")]
    fits = ctx.open_dimension in dims
    others = [d for d in dims if d != ctx.open_dimension]
    if not dims and not_reached(text):  # "沒接，明天早上再打": a call that reached no one, no answer
        return [_utt("note", 0.7, "reading"), _utt("answer", 0.5, "reading", dimension=ctx.open_dimension)]
    # "100k?" asked the budget, "12/15?" asked when: the topic's own fact, guessed; no question to us
    guessed = size(text) <= 3 and text.rstrip().endswith(("?", "？")) and _own_fact(ctx.open_dimension, reading, text)
    if fits or guessed or (ctx.open_dimension in reading.unknown and size(text) <= SHORT):
        # ("maybe 100k?" asked the budget: an unsure answer, kept as such, no question to us)
        return [_utt("answer", 0.8, "reading", dimension=ctx.open_dimension)]
    # "next step: demo dec 8" asked the plans: the deal's dated next step, not the buyer's plan
    # (an undated "下一步再上新的" is their plan); "Jason是我們的支持者" asked when: news of the committee
    dated_next_step = reading.next_step is not None and reading.next_step.date is not None or bool(reading.todos)
    committee_news = ctx.open_dimension != "authority" and any(p.name and (p.stance or p.stated) for p in reading.people)
    # "Go-live maybe Q3, not decided" asked the plans: another topic's unknown; "跟陳課長開會": a
    # meeting held. Neither answers the question asked.
    elsewhere = any(d != ctx.open_dimension and (_own_fact(d, reading, text) or _names_first(text) == d)
                    for d in reading.unknown)  # "预算还没谈，先看看效果" asked the plans: the budget's unknown
    not_asked = ctx.open_dimension not in reading.unknown and bool(reading.unknown) and bool(_NOT_ASKED.search(text))
    if not dims and (dated_next_step or committee_news or elsewhere or not_asked or reading.activities):
        # (above a typed "don't know" too when it names the topic not asked: "didn't get to ask about the upside")
        return [_utt("note", 0.65 if not_asked else 0.6, "reading"), _utt("answer", 0.5, "reading", dimension=ctx.open_dimension)]
    # asked the budget or the date, a whole sentence with nothing of either and another topic's
    # words ("new deal flow is blocked by legal"): not the answer; filed as a note if it says anything
    if not dims and ctx.open_dimension in ("budget", "timeline") and size(text) >= 5 \
            and not reading.scores.get(ctx.open_dimension) and _own_fact(ctx.open_dimension, reading, text) is False \
            and any(v >= THRESHOLD for d, v in reading.scores.items() if d != ctx.open_dimension):
        return [_utt("note", 0.6, "reading"), _utt("answer", 0.5, "reading", dimension=ctx.open_dimension)]
    if len(others) >= 2 and size(text) >= 12:
        # a call note on two topics or more with nothing the reader takes for the one asked
        # ("quick update…: budget approved 250k…, Sam signs… go live by april 1" asked the goals)
        return [_utt("note", 0.6, "reading"), _utt("answer", 0.5, "reading", dimension=ctx.open_dimension)]
    asked_score = reading.scores.get(ctx.open_dimension, 0)
    # "司機常常繞路，油錢多燒" asked the budget: a money word, but no figure, and another topic reads
    # stronger; "Lisa signs; process is IT review" asked the plans: a weak word of the plans against
    # a topic said twice over
    top_other = max((reading.scores.get(d, 0) for d in others), default=0)
    top_dim = max(others, key=lambda d: reading.scores.get(d, 0)) if others else None
    outscored = bool(others) and asked_score < top_other \
        and (_own_fact(ctx.open_dimension, reading, text) is False
             or (top_other >= 2 * THRESHOLD > 2 * asked_score and bool(_own_fact(top_dim, reading, text))))
    weak_fit = asked_score >= THRESHOLD / 2 and not outscored
    # nothing of the topic asked, and another said with a figure ("他們想降低庫存天數 10 天" asked the plans)
    figured = asked_score == 0 and top_other >= THRESHOLD and bool(_DIGIT.search(text)) \
        and not _own_fact(ctx.open_dimension, reading, text)
    # nothing of the topic asked, and another said twice over ("Lily…最后她拍板 采购走年框" asked the
    # consequences); asked their plans, the steps they will take are an answer ("要内部立项，再走招标")
    twice = asked_score == 0 and top_other >= 2 * THRESHOLD and ctx.open_dimension != "plans"
    if others and not weak_fit and (size(text) >= 12 or outscored or figured or twice
                                    or _another_topic(text, reading, ctx.open_dimension, others)):
        return [_utt("note", 0.6, "reading"), _utt("answer", 0.5, "reading", dimension=ctx.open_dimension)]
    return [_utt("answer", 0.55, "reading", dimension=ctx.open_dimension)]


_DIGIT = lazy_compile(r"\d")
# Words that can only mean a deal switch; "看一下X" or "X那个单子" switch only when X is a deal.
_SWITCH_WORD = lazy_compile(r"\b(?:switch|swap|jump|open|use|pick)\b|切换|切到|切回|换到|换回|转到|跳到|打开|选择", re.IGNORECASE)


def _another_topic(text: str, reading, asked: str, others: list[str]) -> bool:
    """A short message that is plainly about another topic than the one asked: named first and
    said clearly ("预算120万，走信息部的费用" asked who decides); or, asked a crisp topic (a date,
    an amount, a decider), nothing of it at all ("80k from ops budget" asked who decides;
    "pickers dont trust the scanners" asked when). Its own fact ("80k max" asked the budget) is a
    fit. Asked a plan or a challenge, whose answers carry no such marks, the answer stands unless
    it is plainly another crisp topic with its own fact and nothing of the one asked."""
    none_of_asked = reading.scores.get(asked, 0) == 0
    strong = [d for d in others if reading.scores.get(d, 0) >= 2 * THRESHOLD]
    if _names_first(text) in others and (strong or none_of_asked):
        return True
    if none_of_asked and any(_own_fact(d, reading, text) for d in strong):
        return True  # "明年3月前全线上" asked what success makes possible: a deadline, said clearly
    if none_of_asked and {asked, *strong} >= {"plans", "challenges"}:
        return True  # asked the challenges, "they use a paper pick list + some excel" is their way today
    return _own_fact(asked, reading, text) is False and none_of_asked


def _own_fact(dimension: str, reading, text: str) -> Optional[bool]:
    """Whether a crisp topic's own kind of fact is there (a date, an amount, a person); None
    for the topics whose answers carry no such mark."""
    facts = {"timeline": lambda: reading.dates, "budget": lambda: reading.amounts or BARE_FIGURE.search(text),
             "authority": lambda: reading.people}
    return bool(facts[dimension]()) if dimension in facts else None




def _names_first(text: str) -> Optional[str]:
    """The dimension a message starts by naming ("预算120万…", "budget: 80k", "Timeline - Q3")."""
    head = to_simplified(fold(text)).lstrip()
    found = [(len(alias), dim) for alias, dim in commands.dimension_aliases().items()
             if len(alias) >= 2 and head.startswith(alias)
             and (not alias.isascii() or not head[len(alias):len(alias) + 1].isalpha())]  # "budgeting" is no "budget"
    return max(found)[1] if found else None


_SORRY_LEAD = lazy_compile(r"^\s*(?:sorry|oops|my bad|wait|actually|correction)?[\s,!.]*(?:i\s+meant|i\s+mean|meant)?\b", re.IGNORECASE)


def correction_dimension(text: str, ctx: Context, today: date) -> Optional[str]:
    """Which dimension a correction is about: the one its words speak to most."""
    reading = read_note(text, today)
    rest = text
    for lead in (*lexicon().correction_lead, _SORRY_LEAD):
        rest = lead.sub("", rest)
    # "sorry i meant - the challenge is …": that topic
    named = _names_first(re.sub(r"^(?:the|our|their)\s+", "", rest.lstrip(" -–—:,"), flags=re.IGNORECASE))
    if named is not None:
        return named
    if not reading.dimensions:
        return None
    if ctx.open_dimension in reading.dimensions and len(reading.dimensions) > 1:
        others = [d for d in reading.dimensions if d != ctx.open_dimension]
        return max(others, key=lambda d: reading.scores.get(d, 0))
    return max(reading.dimensions, key=lambda d: (reading.scores.get(d, 0), -DIMENSIONS.index(d)))


def recognise(text: str, ctx: Context, today: date) -> list[Utterance]:
    """Every candidate reading of ``text``, best first."""
    if not text or not text.strip():
        return [_utt("empty", 1.0, "rules")]
    if commands.is_slash(text):
        candidates = _slash(text, ctx, today)
    else:
        # Cheapest first, and no further than needed: a later recogniser can't outscore what is
        # already found (whole command words 0.95 beat any lexicon reading, 0.86 any note reading),
        # so a filler or a command never pays for the note reader.
        candidates = _command_words(text, ctx, today)
        if max((c.confidence for c in candidates), default=0) < 0.95:
            candidates += _lexicon(text, ctx, today)
        if max((c.confidence for c in candidates), default=0) < 0.86:
            candidates += _reading(text, ctx, today)
    ranked = sorted(candidates, key=lambda u: -u.confidence)  # stable: declaration order breaks ties
    best = ranked[0]
    if best.kind == "correction" and best.dimension is None:
        dim = correction_dimension(text, ctx, today)
        ranked[0] = Utterance(kind="correction", intent=dim, dimension=dim, confidence=best.confidence,
                              source=best.source)
    return ranked
