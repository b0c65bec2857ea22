"""People on the buyer's side: a name and/or a job title, with a guess at their buying role
(IBM SSM: key_decision_leader, approver, evaluator, sponsor, influencer, benefit_owner)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from dialogs.domain.facts.chinese import NUMERAL_CHARS, to_simplified
from dialogs.domain.facts.lazy import lazy_compile

_DEPT = (r"(?:sales|marketing|ops|operations|finance|financial|it|i\.t\.|procurement|purchasing|"
         r"supply\s+chain|logistics|hr|people|engineering|product|security|infosec|customer\s+success|"
         r"cs|facilities|quality|qa|data|analytics|legal|compliance|warehouse|warehousing|"
         r"manufacturing|production|plant|store|stores|retail|digital|technology|tech|"
         r"infrastructure|revenue|growth|partnerships|nursing|clinical|pharmacy|admissions|"
         r"fleet|distribution|transformation|innovation|strategy|business\s+development|bd|"
         r"accounting|treasury|risk|audit|payroll|support|service|services|field\s+service|"
         r"maintenance|it\s+ops|devops|platform|software|hardware|network|research|r&d|design|"
         r"merchandising|e-?commerce|ecommerce|category|sourcing|contracts|vendor\s+management|"
         r"commercial|sales\s+ops|revops|marketing\s+ops|fp&a|admin|administration|patient\s+care|"
         r"nursing\s+informatics|informatics|student\s+services|academics|school|district|"
         r"customer\s+experience|cx|training|learning|safety|ehs|hse|energy|sustainability)")
_LEVEL = r"(?:senior\s+|sr\.?\s+|junior\s+|deputy\s+|assistant\s+|associate\s+|regional\s+|global\s+|group\s+|interim\s+|acting\s+)?"
_ACRONYM = r"\b(?:CEO|CFO|COO|CTO|CIO|CMO|CRO|CISO|CPO|CDO|CHRO|CCO|CSO|CNO|CMIO|GM|VP|SVP|EVP|MD)\b"
_EN_TITLES = [
    rf"{_LEVEL}(?:vp|svp|evp|vice\s+president|head|director|dir|chief|manager|mgr|lead|leader|supervisor|"
    rf"superintendent|controller)\s+(?:of\s+)?{_DEPT}(?:\s+(?:and|&)\s+{_DEPT})?\b",
    rf"{_LEVEL}{_DEPT}(?:\s+{_DEPT})?\s+(?:vp|director|dir|mgr|manager|lead|head|chief|supervisor|"
    rf"officer|controller|buyer|specialist|analyst|engineer|admin|administrator|coordinator)\b",
    r"\bchief\s+\w+(?:\s+\w+)?\s+officer\b",
    r"\b(?:general\s+manager|managing\s+director|president|founder|co-?founder|owner|controller|"
    r"comptroller|plant\s+manager|office\s+manager|project\s+manager|program\s+manager|"
    r"department\s+head|principal|superintendent|dean|provost|director|procurement\s+officer|buyer)\b",
    _ACRONYM,
]
_EN_TITLE = lazy_compile("|".join(f"(?:{t})" for t in _EN_TITLES), re.IGNORECASE)
EN_TITLE = _EN_TITLE  # a job title said alone, for the note reader
_ACRONYM_LOWER = lazy_compile(r"\b(?:ceo|cfo|coo|cto|cio|cmo|cro|ciso)\b")

# Chinese titles: an optional department word, then a title word ("采购处长", "财务总监", "总经理").
_CN_SUFFIX = (r"(?:副(?=[局市校县区处科厂院所署司部组行]长|主任|总监|总经理|总裁|董事长))?(?:财务长|营运长|执行长|技术长|资讯长|信息长|董事长|副总经理|总经理|副总裁|总裁|副总|"
              r"协理|副行长|行长|副处长|处长|科长|课长|组长|副院长|院长|校长|局长|副厂长|厂长|店长|部长|主任|市长|县长|区长|所长|署长|司长|"
              r"经理|总监|主管|董事(?!会)|老板|负责人|总工|特助|主委|理事长|VP|CEO|CFO|COO|CTO|CIO|CMO)")
_CN_DEPT = (r"(?:财务|采购|营运|运营|资讯|信息|IT|HR|人资|人力资源|行政|物流|仓储|仓管|生产|制造|品保|品管|"
            r"质量|研发|技术|业务|销售|市场|行销|营销|客服|法务|总务|工程|厂务|设备|供应链|资材|会计|"
            r"稽核|审计|数位|数字化|电商|门市|门店|区域|大区|华东|华南|华北|华中|北区|南区|中区|总部|"
            r"集团|工厂|护理|药剂|信息中心|资讯室|教务|学务|项目|专案|产品|安全|环安|能源|营业|商务|"
            r"战略|策略|投资|资金|数据|系统|网络|基础架构|平台|运维|营销|零售|采购部|财务部)?\s?")
_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蔡蒋余杜"
                "叶程苏魏吕丁任沈姚卢傅钟姜崔谭陆汪范廖石金贾夏韦付方邹熊白孟秦邱江尹薛阎段雷侯龙"
                "史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤洪柯翁游詹简庄欧")
_CN_NAME = r"[\u4e00-\u9fff]{2,3}"
# Characters that end a name: particles and common verbs right after it.
_AFTER_NAME = set("的了是在和与跟说会要将把被已还也都就很最对向给让请从由为表认觉负拍签批想希同答提聊谈讲开")

_LOWER_AFTER_HONORIFIC = lazy_compile(r"\b(?:dr|mr|mrs|ms)\.?\s+([a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)?)(?<!\sand)(?<!\sis)"
                                      r"(\s*[(,]\s*)?")
_CN_BARE_NAME = lazy_compile(
    r"(?:^|(?<=[，。,;；:：\s跟和与对部处科组的]))(?!的)([\u4e00-\u9fff]{2,3}?)(?=是(?:我们|他们|对方|这案|这个案子)?的?(?:内部)?(?:内线|支持者|教练|coach|"
    r"champion|决策者|决策人|拍板的人)|很(?:支持|挺|看好)|支持我们|挺我们|力挺|反对|不支持|唱反调|拍板|说了算|最终决定|签核|签字|"
    r"(?:那边|那儿)?对我们(?:比较|很|有点|有些)?(?:抵触|排斥|不买账|有意见|不太?感冒))")
_SURNAME_CLASS = "[" + "".join(sorted(_SURNAMES)) + "]"
_CN_NICK = lazy_compile(rf"(?:老|小){_SURNAME_CLASS}(?![额库子字块钱户时师区组项])|{_SURNAME_CLASS}(?:姐|哥|工)(?![作厂程资具人业商])")
_NOT_CN_NAMES = {"简报", "报告", "汇报", "说明", "会议", "开会", "认可", "同意", "签字", "那边", "办公室", "简单", "方案", "高层", "马上", "周末", "金额", "程序", "老板", "财务", "采购", "领导", "公司", "集团", "总部"}
_EN_NAME = r"(?:[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?)(?:\s+(?:[A-Z]\.|[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?)){0,2}"
_EN_NAME_RE = lazy_compile(_EN_NAME)
_LATIN_AFTER_TITLE = lazy_compile(r"[ \t]?([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)(?![A-Za-z])")
_NOT_NAMES = {
    "I", "We", "They", "He", "She", "It", "The", "Their", "Our", "My", "His", "Her", "Met", "Call",
    "Probably", "Maybe", "Perhaps", "Possibly", "Likely", "Apparently", "Supposedly", "Hopefully",
    "Spoke", "Talked", "Meeting", "Demo", "Next", "Need", "Needs", "Want", "Wants", "Also", "Budget",
    "Goal", "Goals", "Plan", "Plans", "Timeline", "Authority", "Left", "Sent", "Thanks", "Follow",
    "Q1", "Q2", "Q3", "Q4", "Mon", "Tue", "Wed", "Thu", "Fri", "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May",
    "June", "July", "August", "September", "October", "November", "December", "If", "When", "But",
    "And", "So", "Per", "No", "Not", "Yes", "Ok", "OK", "Hi", "Hello", "Great", "Good", "This",
    "That", "These", "Those", "Both", "All", "Any", "Some", "Last", "Current", "Currently", "Still",
    "Would", "Will", "Could", "Should", "Can", "Cannot", "Mgmt", "Board", "Legal", "Procurement",
    "Finance", "Ops", "Sales", "Marketing", "Engineering", "Team", "Company", "Corp", "Inc", "Ltd",
    "Group", "Bank", "Health", "Hospital", "University", "School", "City", "County", "State", "Exec",
    "Execs", "Champion", "Sponsor", "Decision", "Final", "Prospect", "Customer", "Client", "Vendor",
    "Pilot", "Renewal", "Contract", "Proposal", "Quote", "Deal", "Pricing", "Price", "Cost", "Costs",
    "Risk", "Risks", "Issue", "Issues", "Problem", "Problems", "Pain", "Missing", "Hitting",
    "Going", "Getting", "Looking", "Trying", "Tried", "Using", "Working", "Waiting", "Signing",
    "Approved", "Approval", "Owner", "Head", "Director", "Manager", "Chief", "Lead", "Vice",
    "President", "CEO", "CFO", "COO", "CTO", "CIO", "CMO", "CRO", "VP", "GM", "IT", "HR", "QA",
    "ERP", "CRM", "SAP", "AWS", "API", "POC", "PO", "RFP", "RFQ", "SLA", "KPI", "ROI", "ARR", "MRR",
    "EMEA", "APAC", "US", "UK", "EU", "H1", "H2", "FY", "EOD", "EOW", "EOQ", "EOY", "DM", "Excel",
    "Salesforce", "Oracle", "Microsoft", "Google", "Slack", "Teams", "Zoom", "Email", "Emailed",
}
_PERSON_VERBS = lazy_compile(  # what follows a bare name that makes it a person
    # "Dave Cho (ops mgr) is our champion": a short description in brackets may come first
    r"^\s*(?:\([^()]{1,30}\)\s*|\(|,\s)?(?:says?|said|wants?|thinks?|confirmed|mentioned|agreed|asked|will|would|is|"
    r"was|has|had|owns|runs|leads|signs|approves|decides|needs|likes|loves|hates|pushed|pushing|"
    r"seems|sounds|told|explained|admitted|worries|worried|cares|championing|evaluating|reports|flipped|"
    rf"from\s+(?:the\s+)?{_DEPT}|(?:in|at)\s+{_DEPT})\b", re.IGNORECASE)
# A Latin name in a Chinese note, then what a person does or is: "Jason說", "Amy是我們的支持者".
_CN_PERSON_VERBS = lazy_compile(
    r"^\s?(?:說(?!明)|说(?!明)|表示|覺得|觉得|認為|认为|負責|负责|拍板|決定|决定|同意|反對|反对|支持|提到|希望|想要|"
    r"簽|签|批|很(?:支持|挺|喜歡|喜欢|看好)|是(?:我們|我们|他們|他们|對方|对方|這案|这案|公司)?的?"
    r"[^，。,.;；!！?？\s]{0,6}(?:長|长|總|总|經理|经理|主管|老闆|老板|窗口|決策|决策|支持者|反對者|反对者|內線|内线|教練|教练))")
_MEET_BEFORE = lazy_compile(
    r"(?:met(?:\s+with)?|spoke\s+(?:with|to)|talked\s+(?:with|to)|call\s+with|meeting\s+with|"
    r"email(?:ed)?\s+from|email(?:ed)?|intro\s+to|introduced\s+to|ping(?:ed)?|cc(?:'d)?|"
    r"chat\s+with|sync\s+with|lunch\s+with|demo\s+(?:for|with)|according\s+to|per|"
    r"listens\s+to|trusts|relies\s+on|defers\s+to|(?:attendees|participants|present|on\s+the\s+call)\s*:)\s+$",
    re.IGNORECASE)

_ROLE_CUES: list[tuple[str, re.Pattern]] = [
    ("key_decision_leader", re.compile(
        r"final\s+(?:say|call|decision|word|sign[- ]?off)|makes?\s+the\s+(?:final\s+)?(?:call|decision)|"
        r"decision[- ]maker|\bdecider\b|decision\s+owner|\bDM\b|last\s+word|ultimately\s+decides|\bdecides\b|economic\s+buyer|"
        r"拍板|最终决定|最后决定|说了算|决策者|决策人|最终决策|决定权|最终由|最后由", re.IGNORECASE)),
    ("approver", re.compile(
        r"signs?\s+off|sign-?off|\bsigns\b|signature|approves?|approval|approving|sign(?:s|ing)?\s+the\s+(?:po|contract)|"
        r"签核|签批|审批|核准|批准|签字|签约|核批|盖章|签呈", re.IGNORECASE)),
    ("evaluator", re.compile(
        r"evaluat\w*|pilot|(?<![a-z])poc(?![a-z])|proof\s+of\s+concept|\btest(?:s|ing)?\b|trial|assess\w*|vet(?:ting)?|"
        r"technical\s+review|bake-?off|评估|测试|试用|试点|验证|技术评审|把关", re.IGNORECASE)),
    ("sponsor", re.compile(
        r"champion\w*|\bchamp\b|sponsor\w*|on\s+our\s+side|pushing\s+for\s+us|advocat\w*|supports?\s+us|"
        r"fan\s+of\s+(?:us|ours)|in\s+our\s+corner|ally|支持我们|(?<!没有人)(?<!没人)帮我们推|力挺|内部推手|挺我们|站在我们|"
        r"(?<!没有人)(?<!没人)帮我们说话|内线|内部(?:的)?支持者|内部教练|教练", re.IGNORECASE)),
    ("influencer", re.compile(
        r"influen\w*|has\s+the\s+(?:ceo|cfo|boss)'?s?\s+ear|opinion\s+(?:matters|carries)|"
        r"trusted\s+advisor|影响力|意见很重要|说话有分量|有话语权", re.IGNORECASE)),
    ("benefit_owner", re.compile(
        r"owns\s+the\s+(?:outcome|kpi|metric|number|result)|benefit\w*|end\s+users?|their\s+team\s+(?:uses|will\s+use)|"
        r"accountable\s+for|on\s+the\s+hook\s+for|受益|使用单位|成效由|负责成效|kpi\s*在他|kpi\s*在她|用的人", re.IGNORECASE)),
]


# "X listens to Y" / "X很听Y的": the influencer is the person after the cue, not the listener.
_LISTENS_TO = lazy_compile(r"listens\s+to|很听|听(?=[^,，。;]{1,6}的)", re.IGNORECASE)


@dataclass(frozen=True)
class Person:
    name: Optional[str]
    title: Optional[str]
    role: Optional[str]
    start: int
    end: int
    # What the note states outright about them: their stance, and whether the role is said in so
    # many words ("has final say", "is our champion") rather than guessed from a cue.
    stance: Optional[str] = None
    stated: bool = False


# Roles a note states outright; other role cues are only a guess, offered as a suggestion.
STATED_ROLES = ("key_decision_leader", "approver", "sponsor")
STANCE_CUES: list[tuple[str, re.Pattern]] = [
    ("opponent", re.compile(
        r"against\s+(?:it|us|this|the\s+\w+|switching|changing|moving)|oppos\w+|blocking|blocker|pushing\s+back|prefers?\s+(?:the\s+)?(?:competitor|incumbent|\w+\s+instead)|"
        r"prefers?\s+to\s+(?:renew|stay|keep|stick)|"
        r"not\s+(?:a\s+)?fan|not\s+(?:very\s+|really\s+|too\s+)?(?:supportive|keen|in\s+favou?r)|unsupportive|skeptic\w*|反对|不(?:太)?支持(?:我们|我方|这个|这案|本案|换|导入|上)|唱反调|卡我们|不看好|偏向(?:竞品|对手)|阻挠|扯后腿|"
        r"(?:偏向|倾向|比较喜欢|更喜欢)(?:用)?\s?(?:竞品|对手|别家|[A-Za-z][\w.]+)|(?:对我们)?不(?:太)?感冒|"
        r"(?:对我们|对这案|对这个案子)?(?:比较|很|有点|有些)?(?:抵触|排斥|不买账)|对我们有意见", re.IGNORECASE)),
    ("supporter", re.compile(
        r"supports?\s+(?:us|it|this)|on\s+our\s+side|pushing\s+for\s+us|champion\w*|sponsor\w*|fan\s+of\s+(?:us|ours)|"
        r"(?<!not\s)(?:very\s+|really\s+|quite\s+|super\s+|fully\s+)?supportive|in\s+favou?r\s+of\s+(?:us|it|this|switching)|"
        r"likes?\s+(?:us|it|the\s+demo)|loves?\s+(?:us|it)|in\s+our\s+corner|支持(?:我们|这个|这案)|(?<!不是)支持者|挺我们|力挺|站在我们|内线|很喜欢|(?:很|非常|全力)支持|(?<!没有人)(?<!没人)帮我们", re.IGNORECASE)),
    ("neutral", re.compile(r"\bneutral\b|on\s+the\s+fence|undecided|中立|观望|还在看|态度(?:普通|一般|中立)", re.IGNORECASE)),
]


def _clauses(text: str, starts: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    spans, start = [], 0
    # English commas separate a name from its title ("Maria Chen, CFO, decides"), so they
    # don't end a clause; Chinese commas do.
    # ("Priya Nair (Dir. Patient Access, our champ)": an abbreviation's full stop ends nothing)
    for m in re.finditer(r"(?<!\bDir)(?<!\bdir)(?<!\bDr)(?<!\bdr)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bSr)(?<!\bJr)(?<!\bSt)\.|"
                         r"[;!?。;!?；！？\n]|，|,(?=\s?[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff]),|,\s*but(?=\s)|"
                         r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", text):
        if m.group().isspace() and m.end() not in starts:
            continue  # a phone note's space ends a thought where someone new comes next
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [s for s in spans if s[1] > s[0]]


def _nearest_to(cue: int, people: list[tuple[int, int]], text: str) -> tuple[int, int]:
    """Whom a cue is about: the one whose brackets it stands in ("Priya Nair (Dir. Patient Access,
    our champ), Mark Ruiz (CIO)"), else the nearest."""
    opened = text.rfind("(", 0, cue)
    if opened >= 0 and ")" not in text[opened:cue]:
        owner = [p for p in people if p[1] <= opened and not text[p[1]:opened].strip()]
        if owner:
            return owner[0]
    return min(people, key=lambda p: min(abs(cue - p[0]), abs(cue - p[1])))


def _role_for(person: tuple[int, int], people: list[tuple[int, int]], text: str) -> Optional[str]:
    """A role cue in the person's clause, unless another person in it stands nearer the cue.
    ``text`` is already in Simplified characters, which is what the Chinese cues are written in."""
    clauses = _clauses(text, frozenset(p[0] for p in people))
    for i, (start, end) in enumerate(clauses):
        if not (start <= person[0] < end):
            continue
        clause = text[start:end]
        for m in _LISTENS_TO.finditer(clause):
            after = [p for p in people if start + m.end() <= p[0] < end]
            if after and min(after) == person:
                return "influencer"
        for role, pattern in _ROLE_CUES:
            for m in pattern.finditer(clause):
                cue = start + m.start()
                nearest = _nearest_to(cue, [p for p in people if start <= p[0] < end], text)
                if nearest == person:
                    return role
        # "今天和周总meeting，他明确说final decision他来做": the next clause goes on about them
        if (after := _goes_on_about(person, people, text, clauses, i)) is not None:
            return next((role for role, pattern in _ROLE_CUES if pattern.search(text[slice(*after)])), None)
    return None


def _goes_on_about(person: tuple[int, int], people: list[tuple[int, int]], text: str,
                   clauses: list[tuple[int, int]], i: int) -> Optional[tuple[int, int]]:
    """The clause after clause ``i`` when it goes on about ``person``, the last one named before it
    ("…，但他明确反对换系统"), and names no one else; else None."""
    last = max((p for p in people if p[0] < clauses[i][1]), key=lambda p: p[0])
    if last != person or i + 1 >= len(clauses):
        return None
    a, b = clauses[i + 1]
    goes_on = _GOES_ON.match(text, a, b) or _NOW_THEY.search(text, a, b)  # "…a bundle and now he's against us"
    return (a, b) if goes_on and not any(a <= p[0] < b for p in people) else None


_NOW_THEY = lazy_compile(r"\bnow\s+(?:he|she)(?:'s|\s+is)\b|现在(?:他|她)", re.IGNORECASE)


def _clean_name(name: str) -> Optional[str]:
    """Drop leading words that aren't names ("Met Tom" -> "Tom")."""
    words = name.split()
    while words and (words[0] in _NOT_NAMES or words[0].upper() == words[0]):
        words.pop(0)
    return " ".join(words) or None


_BARE_TITLES = ("director", "buyer", "owner", "principal", "president")
# At the start of a sentence a capitalised word is often not a name; these verbs make it one.
_NAME_AT_START = lazy_compile(
    rf"\s*(?:says?|said|wants?|thinks?|confirmed|mentioned|agreed|admitted|told|signs|approves|"
    # a role stated outright after a first name: "Linda has final say", "Dave is our champion"
    rf"decides|has\s+(?:the\s+)?(?:final\s+say|last\s+word)|is\s+(?:our|the)\s+(?:final\s+)?(?:champion|sponsor|coach|decider|decision\s+maker)|"
    rf"makes\s+the\s+(?:final\s+)?(?:call|decision)|flipped|turned\s+against|"
    rf"is\s+(?:against|blocking|on\s+board|neutral|skeptical|on\s+the\s+fence|undecided)|from\s+(?:the\s+)?{_DEPT}|(?:in|at)\s+{_DEPT})\b", re.IGNORECASE)


_PROMOTION = lazy_compile(r"\b(?:promo(?:tion)?|promoted|ticket|path|run|shot)\s+(?:to|at|for)\s+(?:the\s+)?$|"
                          r"\b(?:become|becomes|becoming|make|made)\s+(?:the\s+)?(?:next\s+)?$", re.IGNORECASE)


def _weak_title(text: str, m: re.Match) -> bool:
    """Lower-case "vp", or a bare "director"/"owner" with no article or name before it."""
    title = m.group().strip()
    if re.fullmatch(r"[a-z]{2,4}", title) and not _ACRONYM_LOWER.fullmatch(title):
        return True
    if _PROMOTION.search(text[max(0, m.start() - 30):m.start()]):
        return True  # "gets the promo to VP", "her ticket to COO": a post hoped for, no one in the room
    if title.lower() not in _BARE_TITLES:
        return False
    before = text[:m.start()]
    has_article = re.search(r"(?:their|the|our|his|her|a|an|its)\s+$", before, re.IGNORECASE)
    name_before = _EN_NAME_RE.fullmatch(before[-30:].split(",")[-1].strip() or "-")
    return not (has_article or name_before)


def _english(text: str) -> list[tuple[Optional[str], Optional[str], int, int]]:
    found: list[tuple[Optional[str], Optional[str], int, int]] = []
    for m in _EN_TITLE.finditer(text):
        if _weak_title(text, m):
            continue
        title, name, start, end = m.group().strip(), None, m.start(), m.end()
        # "Maria Chen, CFO" / "Maria Chen (CFO)" / "Maria Chen the CFO" / "CFO Maria Chen" / "CFO, Maria"
        mb = re.search(rf"({_EN_NAME})\s*(?:,|\(|-|–|—|\bthe\b|\bour\b|\btheir\b|\bis\b|\bas\b)?"
                       rf"\s*(?:the\s+|their\s+|our\s+|new\s+)?$", text[:m.start()])
        ma = re.match(rf"\s*(?:,|\(|-|–|—|:)?\s*({_EN_NAME})", text[m.end():])
        before_name = _clean_name(mb.group(1)) if mb else None
        after_name = _clean_name(ma.group(1)) if ma and not _EN_TITLE.match(ma.group(1)) else None
        if before_name:
            name, start = before_name, mb.end(1) - len(before_name)
        elif after_name and ma.group(1).startswith(after_name):
            name, end = after_name, m.end() + ma.start(1) + len(after_name)
        found.append((name, title, start, end))
    # Typed all in lower case after an honorific ("spoke w/ dr. amy cho (COO)"), then by first name.
    for m in _LOWER_AFTER_HONORIFIC.finditer(text):
        start, end = m.span(1)
        if any(start < e and s < end for _, _, s, e in found):
            continue
        tm = _EN_TITLE.match(text, end + len(m.group(2) or ""))
        if tm:  # the title found alone before is this person's
            found[:] = [f for f in found if f[0] or not (f[2] < tm.end() and tm.start() < f[3])]
        found.append((m.group(1), tm.group().strip() if tm and not _weak_title(text, tm) else None, start,
                      tm.end() if tm else end))
        first = m.group(1).split()[0]
        for again in re.finditer(rf"\b{re.escape(first)}\b", text):
            if again.start() > end and not any(again.start() < e and s < again.end() for _, _, s, e in found):
                found.append((first, None, again.start(), again.end()))
    # Names without a title: "met Tom", "Tom said", "per Dana", "Kim from procurement".
    for m in re.finditer(_EN_NAME, text):
        if any(m.start() < e and s < m.end() for _, _, s, e in found):
            continue
        name = _clean_name(m.group())
        if name is None or name not in m.group():  # words split by a line break rejoin: no span
            continue
        start = m.start() + m.group().index(name)
        end = start + len(name)
        verb = _PERSON_VERBS.match(text[end:])
        cn_verb = _CN_PERSON_VERBS.match(text[end:])  # a Chinese verb after a Latin word: a person, even first
        at_sentence_start = start == 0 or re.search(r"[.!?;\n]\s*$", text[:start])
        team = _TEAM_IN_BRACKETS.match(text, end)
        if team and name.split()[0] not in _NOT_NAMES:  # "Tom (IT)": a team in brackets stands for a title
            found.append((name, team.group(1), start, team.end()))
        elif (_MEET_BEFORE.search(text[:start])
                or cn_verb
                or (verb and (not at_sentence_start or " " in name))
                or (at_sentence_start and _NAME_AT_START.match(text[end:]))):
            found.append((name, None, start, end))
    return found


_TEAM_IN_BRACKETS = lazy_compile(rf"\s*\(\s*({_DEPT})\s*\)", re.IGNORECASE)
_SPACED_BOSS = lazy_compile(r"[ \t]([\u4e00-\u9fff][总董])(?![经监裁务事])")


def _chinese(text: str) -> list[tuple[Optional[str], Optional[str], int, int]]:
    simplified = to_simplified(text)
    found: list[tuple[Optional[str], Optional[str], int, int]] = []
    for m in re.finditer(rf"(?P<dept>{_CN_DEPT}){_CN_SUFFIX}", simplified):
        start, end = m.start(), m.end()
        has_dept = bool(m.group("dept").strip())
        prev = simplified[start - 1] if start else ""
        if re.search(r"(?:升|升任|升为|当上|坐上|接)$", simplified[max(0, start - 2):start]) and not has_dept:
            continue  # "她能升副院长": a promotion, no one in the room
        # "王经理", "林协理": a surname right before a bare title is a person.
        # ("两百多万 院长拍板": a space, or a figure's 万, is no surname)
        if not has_dept and prev in _SURNAMES and not m.group()[:1].isspace() \
                and not (start >= 2 and (simplified[start - 2].isdigit() or simplified[start - 2] in NUMERAL_CHARS + "多来余")):
            found.append((text[start - 1:end], None, start - 1, end))
            continue
        name = None
        nm = re.match(_CN_NAME, simplified[end:end + 3])
        nick = _CN_NICK.match(simplified, end)
        spaced = _SPACED_BOSS.match(simplified, end)
        if nick:  # "倉儲課長老王", "财务王姐"
            name = text[end:nick.end()]
        elif spaced and spaced.group(1)[0] in _SURNAMES:  # "營運長 張總": the title, a space, then who
            name = text[spaced.start(1):spaced.end(1)]
            found.append((name, text[start:end].strip(), start, spaced.end(1)))
            continue
        elif nm and nm.group()[0] in _SURNAMES:
            candidate = nm.group()
            while candidate and candidate[-1] in _AFTER_NAME:
                candidate = candidate[:-1]
            if len(candidate) == 3 and simplified[end + 3:end + 4] in ("了", "过"):
                candidate = candidate[:2]  # "李娜通了电话": the third character is the verb
            if len(candidate) == 3 and candidate[1] in "总董姐哥":
                candidate = candidate[:2]  # "运营总监刘总打完电话": 刘总, then the verb
            if len(candidate) >= 2 and candidate not in _NOT_CN_NAMES and candidate[:2] not in _NOT_CN_NAMES:
                name = text[end:end + len(candidate)]
        else:  # "營運長Jason", "财务长 Linda Wu": Taiwan and mainland offices often go by English names
            lm = _LATIN_AFTER_TITLE.match(text, end)
            if lm and re.fullmatch(_DEPT, lm.group(1).split()[0], re.IGNORECASE):  # "是VP Operations": the title's
                end = lm.start(1) + len(lm.group(1).split()[0])
            elif lm and lm.group(1).split()[0] not in _NOT_NAMES:
                name = lm.group(1)
                end = lm.end(1) - len(name)
        title = text[start:end].strip()
        found.append((name, title, start, end + (len(name) if name else 0)))
    # A bare name, when what follows says where they stand or what they decide: "李明是我们的内线",
    # "王芳很支持我们", "陈伟拍板", "阿明是我們的內線". Only then: a surname starts many plain words ("方案", "高层").
    for m in _CN_BARE_NAME.finditer(simplified):
        start, end = m.start(1), m.end(1)
        if (simplified[start] in _SURNAMES or simplified[start] == "阿" and end - start == 2) \
                and m.group(1) not in _NOT_CN_NAMES \
                and not any(s_ < end and start < e_ for _, _, s_, e_ in found):
            found.append((text[start:end], None, start, end))
    # "李总", "王董": surname + 总/董 on its own.
    for m in re.finditer(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])(总|董)(?![经监裁务事])|"
                         r"(?<=[跟和与找约见问请给让对向由是后了])([\u4e00-\u9fff])(总|董)(?![经监裁务事])", simplified):
        start = m.start(1) if m.group(1) else m.start(3)
        if simplified[start] in _SURNAMES and not any(s_ <= start < e_ for _, _, s_, e_ in found):
            found.append((text[start:start + 2], None, start, start + 2))
    # What colleagues call each other: "老王", "小张", "王姐", "李哥", "张工".
    for m in _CN_NICK.finditer(simplified):
        start, end = m.span()
        before = simplified[start - 1:start]
        if (not before or not re.match(r"[\u4e00-\u9fff]", before) or before in "跟和与找约见问请给让对向由是后说的了人")  \
                and not any(s_ < end and start < e_ for _, _, s_, e_ in found):
            found.append((text[start:end], None, start, end))
    return found


def _nearest_cue(person: tuple[int, int], people: list[tuple[int, int]], text: str,
                 cues: list[tuple[str, re.Pattern]]) -> Optional[str]:
    """The first cue in the person's clause that stands nearer them than anyone else; else one
    in the next clause when it goes on about them ("高总有最后决定权，但他明确反对换系统")."""
    clauses = _clauses(text, frozenset(p[0] for p in people))
    for i, (start, end) in enumerate(clauses):
        if not (start <= person[0] < end):
            continue
        clause = text[start:end]
        for code, pattern in cues:
            for m in pattern.finditer(clause):
                cue = start + m.start()
                nearest = _nearest_to(cue, [p for p in people if start <= p[0] < end], text)
                between = text[min(nearest[1], cue):max(nearest[0], cue)]
                if nearest == person and (not _PRONOUN.search(between) or _NEW_THOUGHT_PRONOUN.search(between)
                                          or _TOLD.match(text, person[1])):
                    return code  # "CFO has final say but she'll champion it": she is someone else;
                    # "Met Sam again 11/28 - he is our champion now": he is Sam
                if nearest != person and nearest[0] >= person[1] and _TOLD.match(text, person[1]) \
                        and _PRONOUN.search(text[nearest[1]:cue]):
                    return code  # "Helen told Mark flat out she's against switching": she is Helen
        if (after := _goes_on_about(person, people, text, clauses, i)) is not None:
            return next((code for code, pattern in cues if pattern.search(text[slice(*after)])), None)
    return None


_TOLD = lazy_compile(r"\s+(?:told|tells|said\s+to|informed|warned|let)\s", re.IGNORECASE)
_NEW_THOUGHT_PRONOUN = lazy_compile(r"\s[-–—]\s+(?:he|she)\b(?!.*\bbut\b)|^(?!.*\bbut\b)[^,]*,\s*(?:he|she)(?:'s|\s+is|\s+was|\s+seems)?\s*$|"
                                   r"\s(?:he|she)(?:'s|\s+is)\s+the\s+one\s+who\b", re.IGNORECASE)  # "…today she is the one who decides"
# A clause that goes on about whoever was just named: "但他明确反对换系统", "but he's against it".
_GOES_ON = lazy_compile(r"\s*(?:但是?|不过|可是|而且|but|though|and)?\s*(?:他|她|he|she)(?:'s|\s+is)?(?![们們])", re.IGNORECASE)


_PRONOUN = lazy_compile(r"\b(?:she|he)(?:'ll|'s|\s+will|\s+is)?\b|(?<![其])[他她](?!们|們)", re.IGNORECASE)


# "Probably the CFO decides", "好像是周总拍板": a role guessed, not stated.
_GUESSED = lazy_compile(r"\b(?:probably|maybe|perhaps|possibly|likely|might|not sure|i think|think)\b|可能|好像|应该是|也许|或许|大概是|不确定",
                        re.IGNORECASE)


def _stated(person: tuple[int, int], people: list[tuple[int, int]], text: str, role: Optional[str]) -> bool:
    sentence = _sentence_around(text, person, [p[0] for p in people])
    after = text[text.find(sentence) + len(sentence):].lstrip()[:1] if sentence in text else ""
    return role in STATED_ROLES and _nearest_cue(person, people, text, [
        (r, p) for r, p in _ROLE_CUES if r == role]) == role \
        and not _GUESSED.search(sentence) and after not in ("?", "？") \
        and not re.search(r"[吗嗎]$", sentence.strip())  # "周協理有最後決定權嗎？": asked, not said


def _sentence_around(text: str, span: tuple[int, int], starts: list[int]) -> str:
    """The person's sentence; in a phone note a space before someone else also ends it."""
    # (a bullet's " - " or "•" ends one too: "… is our champion - budget maybe 80k")
    before = [m.end() for m in re.finditer(r"[.;!?。；！？\n•]|\s[-–—]\s", text[:span[0]])]
    end = re.search(r"[.;!?。；！？\n•]|\s[-–—]\s", text[span[1]:])
    a, b = before[-1] if before else 0, span[1] + (end.start() if end else len(text))
    for s in starts:
        if 0 < s and text[s - 1].isspace() and re.match(r"[\u4e00-\u9fff]", text[s]):
            a, b = (max(a, s), b) if s <= span[0] else (a, min(b, s))
    return text[a:b]


def _short_form(name: Optional[str], earlier: Person) -> bool:
    """ "赵总" after "总经理赵刚": the surname and 总 of a person already named, whose title is a 总."""
    if not name or len(name) != 2 or not earlier.name or not earlier.title:
        return False
    short, full = to_simplified(name), to_simplified(earlier.name)
    return short[1] in "总總" and full[0] == short[0] and len(full) >= 2 and full != short \
        and "总" in to_simplified(earlier.title)


def find_people(text: str) -> list[Person]:
    raw = _chinese(text) if re.search(r"[\u4e00-\u9fff]", text) else []
    raw += [p for p in _english(text) if not any(p[2] < e and s < p[3] for _, _, s, e in raw)]
    raw.sort(key=lambda p: p[2])
    spans = [(s, e) for _, _, s, e in raw]
    simplified = to_simplified(text)
    people: list[Person] = []
    for name, title, start, end in raw:
        role = _role_for((start, end), spans, simplified)
        stance = _nearest_cue((start, end), spans, simplified, STANCE_CUES)
        stated = _stated((start, end), spans, simplified, role)
        if role == "sponsor" and stance is None:
            stance = "supporter"  # a champion is on our side by definition
        same = next((i for i, p in enumerate(people) if (name and p.name == name)
                     or (name and " " not in name and p.name and p.name.startswith(name + " "))  # "Linda" of "Linda Park"
                     or (not name and not p.name and title and p.title
                         and to_simplified(p.title).endswith(to_simplified(title)))  # "资讯室主任" … "主任说"
                     or (not name and title and p.name and not p.title and len(p.name) <= 4
                         and to_simplified(p.name).endswith(to_simplified(title)))  # "陳協理" … "協理說"
                     or _short_form(name, p)), None)
        if same is None and not name and title and people and people[-1].title is None \
                and re.fullmatch(r"\s*[（(]\s*", text[people[-1].end:start]):
            same = len(people) - 1  # "陳協理（營運長）": the title in brackets is the person's before it
        if same is None:
            people.append(Person(name=name, title=title, role=role, start=start, end=end, stance=stance,
                                 stated=stated))
        else:  # a second mention of the same person adds what the first lacked
            p = people[same]
            # "…then CFO Helen Wu signs. Helen has final say": the decider who also signs decides
            decides = role == "key_decision_leader" and stated and p.role in (None, "approver")
            again = bool(p.name and title and to_simplified(p.name).endswith(to_simplified(title)))  # "協理" of "陳協理"
            people[same] = Person(p.name or name, p.title or (None if again else title), role if decides else p.role or role, p.start, p.end,
                                  p.stance or stance, p.stated or stated)
    return people
