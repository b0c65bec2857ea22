"""Answer quality per dimension, from seed 000's advice: a goal has a number, a plan has a past
result or a backup, a challenge is admitted, a timeline has a date and a priority, a budget has
an amount or a source and isn't hedged, authority names a person and a process, C&I carry a personal stake.

``check(dimension, text, reading)`` returns the issue codes; none means the answer is strong.
Each code has a coaching line and a follow-up question in prompts/<lang>/quality.toml.
"""

from __future__ import annotations

import re
from typing import Callable

from dialogs.domain.cues import PERSONAL
from dialogs.domain.facts.chinese import to_simplified
from dialogs.domain.facts.dates import SEASONS_EN, SEASONS_ZH
from dialogs.domain.facts.money import BARE_FIGURE
from dialogs.domain.evidence_words import words
from dialogs.domain.reading import Reading


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


_NUMBER = _rx(r"\d|千分之|万分之|百分之|一半|减半|翻倍|[一二两三四五六七八九十百千万亿半]+\s?(?:成|倍|%|万|亿|天|小时|周|个月|月|年|次|个点|百分点)")
_PAST = _rx(r"\b(?:last\s+(?:year|quarter|time)|previous\w*|tried|attempted|used\s+to|in\s+the\s+past|"
            r"before|worked|didn'?t\s+work|failed|result\w*|so\s+far|pilot(?:ed)?\s+last)\b|"
            r"去年|之前|以前|试过|尝试过|做过|用过|上次|结果|效果|没用|失败")
_BACKUP = _rx(r"\b(?:backup|back-up|plan\s+b|fallback|alternative|otherwise|if\s+(?:that|it)\s+fails)\b|"
              r"备案|备选|替代|不然|否则|b\s?计划|plan\s?b")
_ADMIT = _rx(r"\b(?:admit\w*|can'?t|cannot|unable|stuck|struggl\w*|no\s+way|at\s+a\s+loss|don'?t\s+know\s+how|"
             r"not\s+able|lack\w*|need\s+help|(?:was|were)\s+(?:candid|frank|honest)|told\s+us\s+straight|out\s+of\s+(?:their|our)\s+depth|gave\s+up|failed|"
             r"killing\s+(?:them|us)|drowning|overwhelm\w*|frustrat\w*|pain)\b|"
             r"承认|坦白说|老实说|直说|明说|亲口说|自己(?:也)?(?:说|讲)|排不出|排不上|招不到|卡住|卡在|没办法|没有办法|无法|搞不定|解决不了|处理不了|做不到|无能为力|束手无策|"
             r"需要帮忙|头痛|头疼|跟不上|忙不过来|放弃")
_PRIORITY = _rx(r"\b(?:priorit\w*|prior?it?[iy]\w*|prio(?:rty|irty)?|urgent\w*|asap|top\s+of|most\s+important|critical|must[- ]have|"
                r"first|before\s+anything|back\s?burner|no\s+rush|number\s+one)\b|(?<!\w)(?:#|no\.?\s?)1\b|"
                r"优先|首要|最重要|最(?:重视|看重|在意|关注)|前[一二两三四五几\d]大|排第|急|紧急|关键|第一|不急|暂缓|重点(?:项目|专案|案子|工作|工程)?|一号工程|一把手工程|头号|重中之重|top\s?\d")
_SOURCE = _rx(r"\b(?:from\s+(?:the\s+)?\w+(?:\s+\w+)?\s+(?:budget|line|fund|pool)|capex|opex|budget\s+line|"
              r"funded\s+by|funding\s+(?:from|source)|cost\s+cent(?:er|re)|grant|reallocat\w*|"
              r"out\s+of\s+(?:the\s+)?\w+\s+budget|approved|allocated|set\s+aside|earmarked)\b|"
              r"编列|预算来自|从.{1,16}(?:预算|经费|资金|出)|部门出|科目|专款|专项|资金|经费|补助|拨款|已批|批了|核准|资本支出|费用化")
_PROCESS = _rx(r"\b(?:process|committee|procurement|purchasing|legal|review|steps?|approv\w*|"
               r"board|rfp|tender|then|after|before|involve\w*|loop\s+in|meeting|vote|"
               r"security\s+review|stages?)\b|流程|委员会|采购|法务|审查|审核|签核|签批|审批|核准|招标|"
               r"比价|招投标|投标|先.{1,10}再|上会|过会|开会|董事会|办公会|党委会|常委会|会议(?:决定|定|通过)")
# A quarter or half-year name alone ("Q2", "下季", "next quarter") is a horizon, not a date.
_BARE_QUARTER = _rx(r"(?:(?:19|20)\d{2}\s*|明年|今年|后年)?(?:q[1-4]|h[12]|(?:第?[一二三四1-4]|上|下|这|本)季度?|上半年|下半年|"
                    r"(?:next|this|last)\s+(?:quarter|qtr|half))(?:\s*(?:of\s+)?(?:19|20)\d{2})?|"
                    # a season is as vague ("by next summer", "明年夏天", "年中前")
                    r"(?:(?:by|before|until|in)\s+)?(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?(?:(?:next|this|coming)\s+)?"
                    rf"(?:{SEASONS_EN})(?:\s+20\d{{2}})?|"
                    rf"(?:明年|今年|后年|20\d{{2}}\s?年?)?(?:{SEASONS_ZH}|年中)(?:之?前)?")
# The process named only to say it isn't known ("流程還不知道", "not sure about the process").
_PROCESS_UNKNOWN = _rx(r"(?:流程|process|steps)\s*(?:[他她它们对方客户]{1,3})?\s*(?:还|也|都)?\s*(?:不知道|不清楚|不确定|未知|tbd|unknown|unclear|[?？]|还没定|未定)|"
                       r"(?:not\s+sure|don'?t\s+know|no\s+idea|unclear|unknown)\b.{0,25}\b(?:process|steps|how\s+they\s+decide)|"
                       # "didn't get into the steps, might involve the board, not sure"
                       r"\b(?:didn'?t|did\s+not|never)\s+(?:get\s+into|go\s+into|cover|discuss|explain)\s+(?:the\s+)?(?:steps|process)|"
                       r"\b(?:might|may|maybe|possibly)\s+(?:involve|need|go\s+to|require)\b|"
                       # "she said 'we'll figure that out once we see numbers' - so no real process yet"
                       r"\bno\s+(?:real\s+|clear\s+|formal\s+|set\s+)?process\b|\bfigure\s+(?:that|it)\s+out\b")


_ROUGH_LEAD = _rx(r"^(?:(?:by|before|until|till|in|ahead\s+of|no\s+later\s+than)\s+)?(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?")


def _dated(reading: Reading) -> bool:
    return any(not rough(d.text) for d in reading.dates)


def rough(date_text: str) -> bool:
    """A quarter, a half or a season ("Q2", "下季", "next summer"): no day to work back from."""
    # ("before Q3", "by the end of Q2": a lead word adds no day)
    bare = _ROUGH_LEAD.sub("", to_simplified(date_text).strip().lower(), count=1)
    return bool(_BARE_QUARTER.fullmatch(bare))


# "預算80萬，但要等明年度核准", "pending approval": a figure not yet approved
_AWAITING_APPROVAL = _rx(r"\b(?:pending|awaiting|waiting\s+(?:on|for))\s+(?:\w+\s+)?(?:approval|sign-?off)|"
                         r"\b(?:still\s+)?(?:has|have|needs?)\s+to\s+(?:bless|approve|sign\s+off\s+on|ok)\b|\bexpects?\s+to\s+hear\b|"
                         r"\bnot\s+(?:yet\s+)?(?:approved|signed\s+off)\b|"
                         r"(?:要|得|还要|需要)?等[^，。,；;]{0,10}(?:核准|批准|批下来|审批|审核通过|签核|审完|审过|通过)|"
                         r"还没(?:有)?(?:过|通过|批|核准|批准)(?![了去来])")
# the rep's own guess at it ("I think they have budget? prob around 40k", "我猜有个百来万")
_GUESSED = _rx(r"\b(?:i\s+(?:think|guess|assume|bet)|probably|prob|prolly|guess\w*)\b|猜|估计|应该是")
_TYPED_GUESS = _rx(r"\W*[^\s?？]{1,12}\s*[?？]+")


def typed_as_guess(text: str) -> bool:
    """ "100k?", "12/15?": a figure or a date typed alone with a question mark, the rep's guess."""
    return bool(_TYPED_GUESS.fullmatch(text.strip()))
_PERSON = _rx(r"\b(?:ceo|cfo|coo|cto|cio|vp|president|owner|founder|director|head|manager|boss|gm|md)\b|"
              r"总|长|经理|主管|老板|董事|主任|处长|协理")

_BRACKETS = _rx(r"[(（][^)）]{0,30}[)）]")

Check = Callable[[str, str, Reading], bool]  # (original, simplified, reading) -> issue present

CHECKS: dict[str, list[tuple[str, Check]]] = {
    # (a number said with a doubt, "maybe 10-15%? they werent sure", is no number yet)
    "goals": [("goal_not_quantified",
               lambda t, s, r: not (r.amounts or r.percentages or _NUMBER.search(s))
               or any(p.search(s.lower()) for p in (*words()["unknown"], *words()["maybe"])))],
    "plans": [("plan_no_history_or_backup",
               lambda t, s, r: not (_PAST.search(s) or _BACKUP.search(s)))],
    "challenges": [("challenge_not_admitted", lambda t, s, r: not _ADMIT.search(s))],
    "timeline": [("timeline_no_date", lambda t, s, r: not r.dates),
                 # "Q2前", "next summer": a period, said as such, but no day to work back from yet
                 ("timeline_rough_period", lambda t, s, r: bool(r.dates) and not _dated(r)),
                 ("timeline_unconfirmed", lambda t, s, r: bool(r.dates) and (bool(_GUESSED.search(s)) or typed_as_guess(s))),
                 ("timeline_no_priority", lambda t, s, r: not _PRIORITY.search(s))],
    "budget": [("budget_no_amount_or_source",
                lambda t, s, r: not (r.amounts or BARE_FIGURE.search(s) or _SOURCE.search(s))),
               # "40-50k but not confirmed", "预算还没批": a figure the buyer hasn't committed to
               ("budget_unconfirmed", lambda t, s, r: bool(_AWAITING_APPROVAL.search(s) or _GUESSED.search(s))
                or typed_as_guess(s) or any(
                   p.search(s.lower()) for p in (*words()["unknown"], *words()["maybe"])))],
    "authority": [("authority_no_person",
                   lambda t, s, r: not (r.people or _PERSON.search(s))),
                  # (a department in brackets, "Lisa (procurement)", is who she is, no step)
                  ("authority_no_process",
                   lambda t, s, r: not _PROCESS.search(_BRACKETS.sub(" ", s)) or bool(_PROCESS_UNKNOWN.search(s)))],
    "consequences": [("ci_no_personal_stake", lambda t, s, r: not re.search(PERSONAL, s, re.I))],
    "implications": [("ci_no_personal_stake", lambda t, s, r: not re.search(PERSONAL, s, re.I))],
}
ISSUES: tuple[str, ...] = tuple(dict.fromkeys(code for checks in CHECKS.values() for code, _ in checks))


def check(dimension: str, text: str, reading: Reading) -> list[str]:
    simplified = to_simplified(text)
    return [code for code, failing in CHECKS.get(dimension, []) if failing(text, simplified, reading)]
