"""What a note says happened, and what comes next: a call held, a meeting, a demo, a proposal
sent; "next step: demo Dec 8". Only what the note states as done counts: a voicemail is no
call, a planned demo is no demo."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from dialogs.domain.facts.chinese import to_simplified
from dialogs.domain.facts.dates import find_dates
from dialogs.domain.facts.lazy import lazy_compile

# (kind, pattern) on the folded Simplified text; the first pattern of a kind that matches wins.
_DONE = [
    ("proposal_sent", lazy_compile(
        r"\b(?:sent|submitted|delivered|emailed|shared)\s+(?:over\s+)?(?:the\s+|a\s+|our\s+|them\s+(?:the\s+|a\s+|our\s+)?)?"
        r"(?:formal\s+|final\s+|revised\s+)?(?:proposal|quote|quotation|pricing|offer|sow)\b|"
        r"\b(?:proposal|quote|quotation)\s+(?:sent|out|submitted|went\s+out|delivered)\b|"
        # the buyer passing ours on: "Karen forwarded our proposal to their legal for review"
        r"\b(?:forwarded|passed|sent|took|shared)\s+(?:our|the)\s+(?:proposal|quote|quotation|sow)\s+(?:on\s+)?to\b|"
        r"\b(?:our|the)\s+(?:proposal|quote|quotation|sow)\s+is\s+(?:with|in|under)\s+(?:their\s+)?(?:legal|procurement|review)\b|"
        r"(?:寄|发|送|交|提交|递)(?:出|了|过去)?(?:正式)?(?:的)?(?:提案|报价单?|方案书|建议书)|"
        r"(?:提案|报价(?:单|书|函)?|方案书|建议书)[^，。,；;]{0,12}(?:寄出|发出|送出|发过去|寄过去|交了|提交|(?:发|寄|送|交)给[^，。,；;]{1,8}了|(?:发|寄|送|交)给了)|"
        r"(?:方案书?|报价单?|提案)[^，。,；;]{0,6}(?:已经?|都)(?:发|寄|送|交)(?:出|了|过去)?|"
        r"(?:提案|报价(?:单|书|函)?|方案书?|建议书)[^，。,；;]{0,8}(?:已经?|都)[^，。,；;]{0,6}(?:寄|发|送|交)(?:给|出)|"
        r"(?:proposal|quote|quotation|sow)\s*(?:已经?|都)?\s*(?:寄|发|送|交)(?:出|出去|过去)?了?|"
        r"(?:方案|报价单?|提案)[^，。,；;]{0,6}(?:发|寄|送|交)(?:出去|过去|出)了|"
        # the English word in a Chinese note: "已經寄 proposal 了", "quote 寄出去了"
        r"(?:寄|发|送|交|提交)(?:出去?|过去)?了?\s*(?:proposal|quote|quotation|sow)\s*(?:了|过去了|出去了)|"
        r"(?:已经?|都)\s*(?:寄|发|送|交|提交)(?:出去?|过去)?了?\s*(?:proposal|quote|quotation|sow)|"
        r"(?:proposal|quote|quotation|sow)\s*(?:已经?|都)?\s*(?:寄|发|送|交)(?:出去?|过去)?了", re.IGNORECASE)),
    ("demo", lazy_compile(
        r"\b(?:did|ran|gave|held|showed|delivered|finished)\s+(?:a\s+|the\s+|our\s+)?(?:product\s+)?demo\b|"
        r"\bdemo(?:ed|'d)\b|\bdemo\s+(?:went|was|today|yesterday|done|completed?|finished|delivered)\b|"
        r"(?:演示|展示)(?:了|完)|(?:演示|展示|demo)\s*(?:已经?)?(?:做|跑)完|(?:做|跑)(?:了|完)(?:一场|一次)?\s*(?:产品)?\s*(?:demo|演示|展示)|demo\s*(?:完|结束|做完|很顺)",
        re.IGNORECASE)),
    ("meeting", lazy_compile(
        r"\b(?:met|visited|onsite|on-site|in-person)\b|\bmeeting\s+(?:with|today|yesterday|went)\b|"
        r"第[一二三四五1-5]次(?:会议|开会|见面|拜访)|"
        r"拜访|见(?:了|过)?(?:个|一)?面|碰(?:了|过)?面|当面|面谈|开(?:了|完|过)(?:个|一个|一场|场)?会|开会(?:时|中|上)|会议上|"
        r"去了.{0,8}(?:公司|厂|办公室|总部)|"
        r"(?:今天|刚|刚刚|刚才|上午|下午|昨天|早上)[^，。,；;]{0,24}开(?:完)?会|第一次开会|"
        r"(?:今天|刚|刚刚|刚才|上午|下午|昨天|早上)[^，。,；;]{0,24}meeting|"
        r"^(?:今天|刚|刚刚|刚才|上午|下午|昨天|早上)?(?:跟|和|与)[^，。,；;]{1,14}开(?:了|完|过)?会", re.IGNORECASE)),
    ("call", lazy_compile(
        r"\b(?:had|held|got|did|took)\s+(?:a\s+|the\s+|our\s+|my\s+|an?\s+\w+\s+)?(?:call|phone\s+call|zoom|chat)\b|"
        r"\b(?:spoke|talked)\s+(?:with|to|w/)|\bon\s+the\s+phone\b|^call\s+w(?:ith|/)|"
        r"初次(?:沟通|通话|联系|电话)|第[一二三四五1-5]次(?:沟通|通话|电话)|"
        r"\b(?:(?:first|intro|initial|discovery|quick|short|good|follow-?up)\s+){1,2}call\s+(?:with|w/|w\b)|\bgot\s+off\s+(?:(?:the\s+)?(?:phone|call|zoom)\b|w(?:ith\b|/))|\bhung\s+up\s+with\b|"
        r"通(?:过|了|完)电话|打完电话|电话(?:里|中|上)(?:聊|谈|说)|打通|聊(?:了|过)|通话|开完\s*call|call\s*完|"
        r"^(?:今天|刚|刚刚|刚才|上午|下午|昨天|早上)?(?:跟|和|与)[^，。,；;]{1,14}通电话|"
        # "跟 IT 的 Kevin call 了半小時", "跟南山的 PM 王小明聊，…"
        r"\bcall\s*了|^(?:今天|刚|刚刚|刚才|上午|下午|昨天|早上)?(?:跟|和|与)[^，。,；;]{1,22}聊(?![^，。,；;]*(?:再|下次|下周|明天))", re.IGNORECASE)),
]
# Said as not done: no call, no demo.
_NOT_DONE = lazy_compile(r"voicemail|\bvm\b|no\s+answer|\b(?:scheduled|booked)\b|didn'?t\s+(?:pick\s+up|answer)|couldn'?t\s+reach|"
                         r"not\s+(?:yet\s+)?(?:sent|done|held)|没(?:有)?(?:接|接通|打通|回)|未接|语音信箱|留言|"
                         r"还没(?:寄|发|送|做|开)|还没(?:有)?(?:聊|谈|打|通|联系|见)|(?:will|going\s+to|plan\s+to|need\s+to)\s+(?:send|do|run|schedule)|"
                         r"准备(?:寄|发|送|做)|打算(?:寄|发|送|做)|下(?:周|次|礼拜)(?:再)?(?:寄|发|送|做|演示)|"
                         # a meeting to come: "下週要跟他們見面", "约了周三拜访"
                         r"(?:明天|后天|下(?:周|次|礼拜|个月)|要|会|将|约了?|预计|准备|打算)[^，。,；;了]{0,10}(?:见面|开会|拜访|碰面)|"
                         # said as to come: "我明天寄報價", "i'll send the quote tmrw"
                         r"(?:明天|明早|晚点|晚一点|待会|等下|等一下|稍后|之后|回头|今晚|周[一二三四五六日]|礼拜[一二三四五六日天]|"
                         r"会|要|将|再)(?:再|先)?(?:把)?[^，。,；;]{0,5}(?:寄|发|送|交|递|做|演示)(?![^，。,；;]{0,3}了)|"
                         # "我周五前把报价发过去", "月底前寄": by a day to come
                         r"(?:周[一二三四五六日]|礼拜[一二三四五六日天]|星期[一二三四五六日天]|月底|下周|明天)(?:之)?前[^，。,；;]{0,8}(?:寄|发|送|交|递|给)|"
                         r"'ll\s+(?:send|do|run|share|email)|\bgonna\s+(?:send|do|run)|"
                         r"\b(?:send|email|share)\b[^.;,]{0,30}\b(?:tomorrow|tmrw|tmr|later\s+today|next\s+week)\b",
                         re.IGNORECASE)
# A call that reached no one: "left vm", "沒接", "打了没人接", "留了言".
_NOT_REACHED = lazy_compile(r"voicemail|\bvm\b|\bno\s+answer\b|didn'?t\s+(?:pick\s+up|answer)|couldn'?t\s+reach|\bno\s+pick\s*up\b|"
                            r"没(?:有)?接(?!受|手|到|触|洽|单|案)|没人接|未接|语音信箱|留(?:了)?言|不在(?:位子|座位)|关机", re.IGNORECASE)


def not_reached(text: str) -> bool:
    return bool(_NOT_REACHED.search(to_simplified(text.strip())))


_NEXT = lazy_compile(r"(?:\bnext\s+steps?\b|\bnext\b(?=\s*[:：-])|下一步|接下来|后续)\s*(?:is|are|will\s+be|就是|是)?\s*[:：-]?\s*"
                     r"(?P<text>[^.;。；\n]+)", re.IGNORECASE)
_CLAUSE = lazy_compile(r"[.;!?。；！？\n]+|,\s+(?=but\b)|，")


@dataclass(frozen=True)
class FoundActivity:
    kind: str
    text: str


@dataclass(frozen=True)
class NextStep:
    text: str
    date: Optional[date]


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE.split(text) if c.strip()]


_DONE_CALL = dict(_DONE)["call"]
_CHAT_ONLY = lazy_compile(r"聊了")


def find_activities(text: str) -> list[FoundActivity]:
    """Each kind of thing the note says happened, at most once, with the clause that says so."""
    found: dict[str, FoundActivity] = {}
    for clause in _clauses(text):
        simple = to_simplified(clause)
        if (step := _NEXT.search(simple)) is not None:  # "next step: onsite workshop feb 10" is to come
            simple = simple[:step.start()]
        if _NOT_DONE.search(simple):
            continue
        for kind, pattern in _DONE:
            if kind not in found and pattern.search(simple):
                found[kind] = FoundActivity(kind, clause)
    if "meeting" in found and "call" in found and _CHAT_ONLY.fullmatch(
            _DONE_CALL.search(to_simplified(found["call"].text)).group()):
        del found["call"]  # "拜访了张总…先聊了聊展会": they talked at the meeting, no call besides
    return list(found.values())


# A meeting, call or demo booked to come ("约了下周二跟张总做demo", "下週三要跟資訊室開會",
# "booked a demo for Dec 8"): with its date, the deal's next step.
_BOOKED = lazy_compile(r"(?:约了?|约好|约定|定了|排了|安排了?|要跟|会跟|要和|会和|预计)(?!我们|我方|我的|内部|公司)[^，。,；;了]{0,24}(?:见面|开会|会议|拜访|碰面|demo|演示|电话会|说明会|澄清会|沟通会|讨论会|谈判会|评审会|workshop|poc)|"
                       r"\b(?:scheduled|booked|set\s+up|lined\s+up)\b[^.;]{0,40}\b(?:demo|call|meeting|workshop|visit|poc|onsite)\b|"
                       r"\b(?:demo|call|meeting|workshop|visit|onsite)\b[^.;,]{0,25}\b(?:scheduled|booked|set\s+for)\b|"
                       r"\bagreed\b[^.;]{0,40}\b(?:call|meeting|demo|review|workshop|visit|session)\b|"
                       # the buyer asking for one, dated: "he wants a demo w their IT next thu"
                       r"\b(?:they|he|she)\s+(?:wants?|asked\s+for|requested|needs?)\s+(?:a\s+|the\s+|another\s+)?(?:demo|call|meeting|workshop|visit|poc|onsite)\b|"
                       # the buyer's own promised move, dated: "they'll send us their RFP next week", "他們下週會給需求書"
                       r"\b(?:they|he|she)(?:'ll|’ll|\s+will|\s+are\s+going\s+to)\s+(?:send|share|get\s+back|come\s+back|confirm|issue|circle\s+back)\b|"
                       r"(?:他们|他|她|对方|客户)[^，。,；;]{0,6}(?:会|要)(?:寄|发|给|回覆|回复|确认)", re.IGNORECASE)


_BULLET_CUT = lazy_compile(r"\s[-–—]\s|•")


def find_next_step(text: str, today: date) -> Optional[NextStep]:
    m = _NEXT.search(to_simplified(text))
    if m is None:
        return _booked(text, today)
    start, end = m.span("text")
    step = text[start:end].strip(" ,，:：-") if len(to_simplified(text)) == len(text) else m.group("text").strip()
    step = _BULLET_CUT.split(step)[0].strip(" ,，:：-")  # "demo on Dec 9 - me: send pricing deck": the step only
    if not step:
        return None
    dates = find_dates(step, today)
    return NextStep(step, dates[0].date if dates else None)

_PIECE = lazy_compile(r"[.;!?。；！？\n,，、]+")


_NEXT_WEEK = lazy_compile(r"\bnext\s+(?:week|wk)\b|下(?:个)?(?:周|礼拜|星期)(?![一二三四五六日天])", re.IGNORECASE)


def first_day(clause: str, today: date) -> Optional[date]:
    """The first day a clause names, "next week" as its Monday ("send the proposal next week and
    follow up in Q1": next week's)."""
    found = [(to_simplified(clause).find(to_simplified(d.text)), d.date) for d in find_dates(clause, today)]
    if (m := _NEXT_WEEK.search(to_simplified(clause))) is not None:
        found.append((m.start(), today + timedelta(days=7 - today.weekday())))
    return min(found)[1] if found else None


# Our own side set up ("週三前要跟我們SE約demo時間", "loop in our SE"): the rep's to-do, not the buyer's step.
_OURS = lazy_compile(r"(?:跟|和|与)(?:我们|我方)|我们(?:的)?(?:se|售前|团队|老板|主管|经理|技术)|\bour\s+(?:se|team|manager|boss|engineer)\b",
                     re.IGNORECASE)


def _booked(text: str, today: date) -> Optional[NextStep]:
    for clause in _PIECE.split(text):
        if not _BOOKED.search(to_simplified(clause)) or _OURS.search(to_simplified(clause)):
            continue
        if dates := find_dates(clause, today):
            return NextStep(clause.strip(), dates[0].date)
        if _NEXT_WEEK.search(to_simplified(clause)):  # "next week": its Monday, to be reminded on
            return NextStep(clause.strip(), today + timedelta(days=7 - today.weekday()))
    return None


# When something said as done happened, when the note says so: "yesterday", "last week", "前天".
_DAYS_AGO = ((lazy_compile(r"\bday\s+before\s+yesterday\b|前天", re.IGNORECASE), 2),
             (lazy_compile(r"\byesterday\b|\byday\b|昨天|昨晚|昨日", re.IGNORECASE), 1),
             (lazy_compile(r"\blast\s+week\b|上(?:个)?(?:周|礼拜|星期)(?![一二三四五六日天])", re.IGNORECASE), 7))
_N_DAYS_AGO = lazy_compile(r"\b(\d{1,2})\s+days?\s+ago\b|(\d{1,2})\s*天前", re.IGNORECASE)
_LAST_WEEKDAY = lazy_compile(r"\blast\s+(mon|tue|wed|thu|fri|sat|sun)\w*|上(?:个)?(?:周|礼拜|星期)([一二三四五六日天])", re.IGNORECASE)
_WEEKDAYS_EN = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAYS_ZH = "一二三四五六日"


def when_done(text: str, today: date) -> Optional[date]:
    """The day a done thing happened, when the clause says it was before today; else None."""
    simple = to_simplified(text)
    m = _LAST_WEEKDAY.search(simple)
    if m:
        day = _WEEKDAYS_EN.index(m.group(1).lower()[:3]) if m.group(1) else _WEEKDAYS_ZH.index(m.group(2).replace("天", "日"))
        monday = today - timedelta(days=today.weekday() + 7)
        return monday + timedelta(days=day)
    m = _N_DAYS_AGO.search(simple)
    if m:
        return today - timedelta(days=int(m.group(1) or m.group(2)))
    for pattern, days in _DAYS_AGO:
        if pattern.search(simple):
            return today - timedelta(days=days)
    return None
