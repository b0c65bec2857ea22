"""Cue words for each GPCTBA/C&I dimension, as weighted patterns.

English patterns match case-insensitively; Chinese ones are written once in Simplified
characters and match a note after Traditional -> Simplified conversion (with Taiwan and
mainland vocabulary both listed, e.g. 专案|项目). A strong cue weighs 1, a weak one 0.5; a
dimension needs 1 in all. These are general wording cues from the framework (seed 000), not a
list tuned to particular notes.
"""

from __future__ import annotations

STRONG, WEAK = 1.0, 0.5

# A person said to be a role ("IT sec guy (Dmitri) is a …", "their CISO as the …"), and someone
# who hates the idea: authority's cues here, and no challenge to the reader (dialogs/domain/reading.py).
PERSON_IS = (r"(?:\b(?:guy|gal|head|vp|director|dir|mgr|manager|ciso|cio|cto|cfo|ceo|coo|he|she|procurement|legal)\b|\))\s*"
             r"(?:\([^)]{1,30}\)\s*)?(?:is|as)\s+(?:a|an|the|our)\s+(?:big\s+|main\s+|real\s+|internal\s+)?")
HATES = r"hates?\s+(?:anything\s+|all\s+)?(?:cloud|saas|us|change|vendors?|the\s+idea)\b"

CUES: dict[str, list[tuple[float, str]]] = {
    "goals": [
        (STRONG, r"想把[^，。,；;]{1,12}(?:降|缩|提|拉|压|控制|做)到|要求[^，。,；;]{0,8}(?:压|降|提|控制|拉)到|控制在|"
                 r"目标[^，。,；;]{0,6}\d|覆盖\d|必须过|想(?:做到|缩到|降到|提到|全部)"),
        # A target said as a move or a number to reach ("87%->95%", "want under 2%", "cut DSO from 65 to 45").
        (STRONG, r"\d+(?:\.\d+)?\s?%?\s?(?:->|→|=>)\s?\d|\bfrom\s+~?\d+(?:\.\d+)?\s?\S{0,4}\s+to\s+~?\d|"
                 r"\bwants?\b[^.;,]{0,40}(?:\d+(?:\.\d+)?\s?(?:%|x\b|k\b|m\b|pts?\b|points|days?|hours?|hrs?|mins?|seats|agents|reps|stores|sites)|same-day|(?:under|below|above|over|down|up)\s+~?\d)|"
                 r"\bneeds?\s+(?:\w+\s+){0,3}(?:done|automated|live|in\s+place|compliant|certified|passed)\b"),
        (STRONG, r"(?:砍|降|减|缩|省|提升|提高|拉到|压到|缩短)[^，。,；;]{0,4}(?:一半|[一二三四五六七八九十两半]成|\d+(?:\.\d+)?\s?%)"),
        (STRONG, r"希望|提(?:一倍|到|升)|翻番|实现|打通|要求.{0,12}(?:前|内)?(?:把|完成|实现|达到|上线|做到)|缩到|缩短到|降到|少跑|省(?:掉|下)"),
        (STRONG, r"\b(?:want(?:s|ed)?|aim(?:s|ing)?|hop(?:e|es|ing)|looking)\s+to\b|\b\d+(?:\.\d+)?\s?%\s+(?:cost\s+)?(?:reduction|increase|improvement|growth|cut|savings?|lift|uplift|decrease|drop)|\bfrom\s+~?\$?\d[\w.,$%]*\s+(?:to|down\s+to|up\s+to)\s+(?:under\s+|below\s+|over\s+|above\s+)?~?\$?\d|\binstead\s+of\s+\d|\bget\s+\w+(?:\s+\w+)?\s+(?:down|up)\s+to\b"),
        (STRONG, r"\b(?:goals?|targets?|objectives?|okrs?|kpis?|north star|mandate)\b|\b(?:would|they'?d)\s+love\b"),
        # a process they need improved ("he needs quoting to be faster")
        (STRONG, r"\bneeds?\s+(?:[\w-]+\s+){1,3}to\s+be\s+(?:faster|quicker|easier|simpler|cheaper|automated|online|digital|paperless)\b"),
        # a count to reach in a period ("she wants 20 new patient bookings a month", "wants 150 members")
        (STRONG, r"\bwants?\s+(?:to\s+(?:get|hit|reach|add|do|run|book|sign)\s+)?(?:~|about\s+|around\s+)?\d[\d,]*\s+(?:more\s+|new\s+)?(?:[a-z-]+\s+){0,2}"
                 r"(?:a|per|each|every|/)\s*(?:day|week|wk|month|mo|quarter|year|yr)\b"),
        # a terse note's want with no subject ("want every farm on the dashboard by spring"), an aim
        (STRONG, r"(?:^|(?<=[.;!?\n]\s)|(?<=[.;!?\n]))\s*wants?\s+(?:every|all|a|an|one|zero|full|real|each)\b"
                 r"(?!\s+(?:demos?|quotes?|references?|proposals?|call|deck|case\s+stud\w*|discount|trial|poc|pilot|sow|contract|rfp)\b)|"
                 r"\baim(?:s|ing)?\s+(?:for|at)\b"),
        # a want said without a figure ("they want a b2b portal so distributors can reorder", "wants
        # predictive maint on the 3 rolling mills"); not what they ask of us ("wants 3 quotes")
        (STRONG, r"\b(?:they|he|she|client|customer|team|ops|it)\s+(?:really\s+|mainly\s+|also\s+)?wants?\s+"
                 r"(?!(?:to\s+)?(?:see|know|talk|meet|review|check|hear|understand|compare|think|wait|discuss|loop|start|sign|go)\b)"
                 r"(?!(?:a\s+|the\s+|our\s+|\d+\s+|more\s+|some\s+)?(?:demos?|pricing|price|quotes?|references?|proposals?|call|deck|"
                 r"case\s+stud\w*|discount|trial|poc|pilot|sow|contract|rfp|info|details|numbers)\b)(?:a|an|to|zero|one|all|every|full|real|"
                 r"better|fewer|less|more|faster|single|automat\w*|predictive|self|same|visibility|(?!the\b|our\b|their\b|it\b)[a-z]+\s+(?:portal|app|system|platform|dashboard|tool))\b"),
        (STRONG, r"\b(?:aim(?:s|ing)?|want(?:s|ed)?|hop(?:e|es|ing)|looking|trying|need(?:s)?|plan(?:s|ning)?|"
                 r"has|have|expected)\s+to\s+(?:reduce|cut|grow|increase|improve|hit|reach|double|triple|"
                 r"lower|boost|save|expand|get\s+(?:to|down|up)|get\s+(?:[\w-]+\s+){1,3}(?:up|down)\b|bring\s+down|shorten|speed\s+up|halve|"
                 r"eliminate|achieve|deliver|raise|lift|recover|retain|win)\b"),
        (STRONG, r"\b(?:reduce|reducing|cut|cutting|lower|lowering|decrease|drop|bring\s+down|slash|halve|"
                 r"increase|increasing|grow|growing|boost|raise|improve|improving|double|triple|lift|"
                 r"shorten|speed\s+up|save|saving)\b[^.;!?]{0,40}\d+(?:\.\d+)?\s?(?:%|percent|pts|points|x\b)"),
        (STRONG, r"\b(?:down|up)\s+(?:by\s+)?\d+(?:\.\d+)?\s?%|\bfrom\s+\d[\d.,]*\s?%?\s+(?:to|down\s+to)\s+\d"),
        # a move to a bound ("cut truck wait times at the gate to under 30 min", "get DSO below 40")
        (STRONG, r"\b(?:cut|reduce|lower|bring|get|drop|shrink|shorten|speed\s+up)\b[^.;!?]{0,40}\b(?:to\s+)?(?:under|below|less\s+than|within)\s+~?\$?\d"),
        (STRONG, r"\b(?:save|saving|savings\s+of|worth|recover|gain)\b[^.;!?]{0,20}(?:\$|€|£|\d+\s?(?:k|m)\b)"),
        (WEAK, r"\b(?:revenue|margin|savings?|roi|efficiency|growth|productivity|accuracy|throughput|"
               r"retention|churn|nps|csat|conversion|uptime|on-?time|cycle\s+time|turnaround|win\s+rate)\b"),
        (STRONG, r"目标|指标|kpi|okr|希望(?:能)?(?:把|将|让|降|提|增|减|省|达|做到|冲|在)|想要|想(?:把|将|要)|"
                 r"要(?:把|将)|降低|减少|降到|降至|压到|提升|提高|增加|增长|成长|翻倍|翻一倍|节省|省下|"
                 r"达到|做到|冲到|冲刺|拉高|缩短|减半|年增|同比|营收(?:要|目标)|业绩目标"),
        (WEAK, r"营收|毛利|效率|准确率|良率|周转|准时率|达交率|满意度|留存|转化率|产能|人效|回报"),
    ],
    "plans": [
        (STRONG, r"\b(?:first|start(?:ing)?\s+with|phase\s+(?:one|1))\b[^.;]{0,50}\b(?:then|next|after\s+that|phase\s+(?:two|2))\b"),
        (STRONG, r"想靠|打算靠|先从.{1,8}开始|先签|分阶段|分批|先做|先上线|再推到|再扩到"),
        (STRONG, r"\b(?:roll(?:ing)?\s+(?:it\s+)?out\s+to|replicat\w+|standardi[sz]e\s+across|next\s+phase|phase\s+(?:1|2|one|two))\b|第二期|二期|一期|下一阶段|分两期"),
        (STRONG, r"\b(?:plan(?:s|ning)?\s+(?:is|to|was)|the\s+plan|roadmap|roll(?:ing)?[- ]?out|phased?|phase\s+\d|"
                 r"tried|trying\s+(?:out|to\s+fix)|attempted|last\s+year|previously|used\s+to|in\s+the\s+past|"
                 r"backup|back-up|plan\s+b|fallback|outsourc\w*|in-?house|hir(?:e|ed|ing)|retrain\w*|"
                 r"switch(?:ing|ed)?\s+(?:to|from)|migrat\w*|replac(?:e|ing)|implement\w*|deploy\w*|"
                 r"current(?:ly)?\s+(?:using|use|on|running)|today\s+they\s+use|they\s+use|built\s+their\s+own|"
                 r"build\s+(?:it\s+)?(?:themselves|internally)|workaround|stop-?gap|consultants?|"
                 r"evaluat(?:ing|ed)\s+(?:other\s+)?(?:vendors|options|tools|alternatives))\b"),
        # what they are trying or weighing now: "evaluating gainsight + totango", "piloted a float
        # pool app", "looking at zendesk AI too", "currently doing time based PMs"
        (STRONG, r"\b(?:evaluating\s+(?!whether|if|how)\w|trialing|trialling|piloted|piloting|ran\s+a\s+pilot|"
                 r"also\s+looking\s+at|looking\s+at\s+\S+(?:\s+\S+)?\s+(?:too|as\s+well)\b|currently\s+doing|shortlist\w*)"),
        (WEAK, r"\b(?:strategy|approach|pilot|project|initiative|program(?:me)?|vendor|tool|system|rfp|"
               r"spreadsheets?|excel|process)\b"),
        (STRONG, r"计划|打算|准备(?:要|先|在|用)|规划|路线图|分阶段|分期|先(?:在|从|导|上|做)|试点|试行|"
                 r"去年|之前(?:有|试|用|做)|以前(?:有|试|用|做)|试过|尝试|做过|用过|外包|自建|自己(?:开发|做|写)|"
                 r"内部开发|备案|备选|替代方案|b\s?计划|plan\s?b|招人|增聘|加人|培训|训练|顾问|换掉|更换|"
                 r"迁移|升级|导入|部署|目前用|现在用|现行|现有(?:系统|做法)|沿用|土法炼钢|人工(?:处理|对|填)"),
        # their way today: "现在每家店长凭经验订货", "目前是8个药师手工调剂", "現在薪資委外處理"
        (STRONG, r"(?:现在|目前|现阶段|平常|平时)(?:是|都是|还是|主要|就是)?[^，。,；;]{0,10}(?:靠|凭|手工|手写|纸质|纸本|委外|外包|人工(?:调|做|录|抄|核|算|排|派))"),
        # what they do today or are weighing: their stack, other vendors, a move under way
        (STRONG, r"\b(?:also|already)\s+(?:talking\s+to|looking\s+at|evaluating|considering|in\s+talks\s+with|piloting|trialing|testing)\b|"
                 r"\bgo(?:ing|es)?\s+with\s+(?:a|another|the)\s+(?:cheaper\s+|other\s+)?(?:vendor|competitor|provider|option|partner)\b|"
                 r"\b(?:moving|migrating|switching)\s+from\b|\bpiloting\b|\b(?:they'?re|they\s+are)\s+(?:using|on|running)\b|"
                 r"\bcurrent\s+(?:approach|process|tools?|setup|stack|system|state|way)\b|"
                 # their stack and ways today: "using 7shifts for scheduling", "dispatch runs on a CAD
                 # system", "doing inventory by hand", "comparing us vs InfinityQS", "homegrown"
                 r"(?<!us\sto\s)(?<!me\sto\s)\b(?:uses?|using|runs?\s+on|running\s+on|relies\s+on|relying\s+on)\s+(?:a\s+|an\s+|the\s+|their\s+|its\s+)?(?!us\b|it\b|them\b)\w|"
                 r"\b(?:doing|done|does|do)\s+[\w\s]{0,25}\b(?:by\s+hand|on\s+paper|manually|in\s+excel|in\s+spreadsheets?)\b|"
                 r"\bcomparing\s+us\s+(?:vs\.?|with|to|against)\b|\bhome-?grown\b|\breplatform\w*|\b(?:clipboard|whiteboard)s?\b|"
                 r"\b(?:thru|through|via|over|by)\s+(?:the\s+)?phone\s*(?:\+|and|&|/)\s*(?:e-?mail|text|whatsapp)\b"),
        # how they do it today, by hand: "全靠人工抽查", "订单靠微信+电话", "各工地还是纸质签到"
        (STRONG, r"(?:全|都|还是|只能|主要|现在|目前)?靠(?:人工|人|手工|纸|excel|微信|电话|邮件|email|line|群组|u盘|老师傅|经验)|"
                 r"手工(?:录入|输入|登记|对账|填|抄|key)|人工(?:录入|打分|盘点|审|抽查|核对|对账|复核|排程)|"
                 r"纸质|纸本|全在纸上|手抄|发问卷|集中审|(?:还是|都是|全是)(?:用)?(?:excel|纸|人工|手工)"),
        (WEAK, r"方案|专案|项目|流程|系统|工具|做法|方式|策略|excel"),
        # today's way said loosely, and other vendors in view: "目前里民资料都还用Access在管",
        # "他们也在看Freshdesk跟Zendesk", "清关资料全部人工打", "各店自己叫货"
        (STRONG, r"(?:目前|现在|现行|平常|平时)[^，。,；;]{0,10}(?:都|还|都还|还是)?(?:用|靠)[^，。,；;]{1,14}(?:在管|来管|管理|手动|记录|排|做|发|登记|处理)|"
                 r"(?:也在|还在|正在|同时在)(?:看|评估|比较|比|谈)|另一家|别家|其他家|竞品|竞争对手|"
                 r"(?:人工|手动|手工)(?:打|输|key|填|录|发|抄|贴)|各(?:店|厂|分店|门店|部门|单位|校|院)自己"),
        # a project under way or where their stack lives: "他们正在上SAP", "CI/CD全在Jenkins上", "在做POC"
        (STRONG, r"(?:正在|在)上(?:线)?[a-z]{2,}|(?:正在|在)做[^，。,；;]{0,10}(?:项目|专案|替换|poc|试点|评估)|(?:全|都)在[a-z][a-z0-9 ._-]{1,15}上"),
        # how it is done today and who else they talk to: "催款全靠业务员打电话", "排课用的是老系统",
        # "在看另外一家的系统", "已经在跟华为云聊", "也找过IBM", "在看:长亮 神州信息"
        (STRONG, r"全靠|用的是|在看(?:另|别|其他)|(?:已经|也)?在跟[^，。,；;]{1,8}(?:聊|谈|接触)|(?:也)?找过|有在看|在看[:：]"),
    ],
    "challenges": [
        (STRONG, r"要等|才有人|报废|卡死|老大难|流失率|招不到|投诉|还是人工|看面单|传来传去|版本乱|就乱|太低|太慢|平均要|"
                 r"压了.{0,6}(?:货|库存)|每(?:周|天|月)花|花.{1,6}(?:小时|天)|只有\d|才完成|错分率|损耗率|差错率"),
        # the strain said plainly: "很花时间", "周末根本排不出班", "人手没增加", "一个人扛80案", "搞了半年没搞出来"
        (STRONG, r"\b(?:hit(?:ting)?|hits)\s+a\s+wall\b|\bbreaking\s+point\b|\bcan'?t\s+keep\s+up\b|撑不下去|撑不住|顶不住|扛不住|"
                 r"很花时间|花很多时间|排不出|人手(?:不够|不足|没增加|吃紧)|没(?:有)?人力|没人(?:力|手)?(?:可以)?处理|忙不过来|一个人扛|扛\d|抓狂|"
                 r"(?:库存|存货)压了|搞了.{1,4}没(?:搞|做)出来|没搞出来"),
        # How it hurts today, said as a number or a plain fact ("takes 9 days avg", "no-show rate ~22%",
        # "data in 5 systems", "FDA flagged it", "support team is 5 ppl handling 3k tix/wk").
        (STRONG, r"\b(?:takes?|taking|take|wait(?:s|ing)?|spend(?:s|ing)?|los(?:e|es|ing)|down\s+for|goes?\s+down)\s+(?:avg\s+|about\s+|around\s+|up\s+to\s+|like\s+|~)?\d+\+?\s*(?:days?|d|weeks?|wks?|months?|mo|hrs?|hours?|min\w*)\b|"
                 r"\b(?:keeps?|kept)\s+(?:going\s+down|breaking|crashing|failing)|\b\d[\d,]*\s+(?:files|tickets|alerts|cases|claims|orders|invoices)\s+(?:outstanding|open|backlogged|a\s+day|per\s+day|a\s+week)\b|"
                 r"\b(?:rate|churn|shrink|realization|backlog|turnover|defects?)\s+(?:is\s+|at\s+|of\s+|running\s+)?~?\d|"
                 r"\bno\s+(?:single\s+view|visibility|insight|way)\b|\bflagged\b|\bcrash\w*\b|\bfrom\s+memory\b|"
                 r"\b(?:across|in)\s+\d+\s+(?:diff\w*\s+)?(?:systems|spreadsheets|tools|places|apps)\b|\babandon\w*\b|"
                 r"\bhandling\s+~?\d|\bwhiteboards?\b|\bquit\b|\bdodg\w+\b"),
        # A status quo that hurts, said without a problem word ("still on Excel", "nobody trusts
        # the numbers", "shrink running 2.1% vs industry 1.4%", "舊 ERP 原廠已經不支援了").
        # time and work lost, said as such: "spend half the day copying data", "leads go cold bc
        # nobody follows up", "the upgrade is eating all IT bandwidth", "vendor is sunsetting support"
        (STRONG, r"\b(?:spend(?:s|ing)?|waste(?:s|d)?|burn(?:s|ing)?)\s+(?:half|most|all)\s+(?:of\s+)?(?:the|their|a)\s+(?:day|week|time)|"
                 r"\bcopy(?:ing)?\s+data\b|\bcopy-?past\w*|\bgo(?:es|ing)?\s+cold\b|"
                 r"\b(?:nobody|no\s+one)\s+(?:follows?\s+up|owns?\s+it|maintains|checks)\b|\beating\s+(?:all|up)\b|\bsunsett?ing\b"),
        (STRONG, r"\b(?:(?:nobody|no\s+one)\s+trusts?|(?:still\s+)?(?:on|using|in)\s+(?:excel|spreadsheets?|paper|email)\b|"
                 r"brutal|shortages?|bleed\w*|isn'?t\s+an\s+option|can'?t\s+keep\s+up|scrap\s+rate|"
                 r"(?:down|dropped|fell|falling|slipped)\s+~?\d+(?:\.\d+)?\s?%|vs\.?\s+(?:the\s+)?(?:industry|benchmark|target)|"
                 r"over\s+budget|end[- ]of[- ]life|unsupported|no\s+longer\s+supported)\b"),
        (STRONG, r"对不起来|加班|不支援|不再支援|不支持了|没共识|没有共识|在吵|撑不住|纸本|被开缺失|开缺失|掉到|下滑|卡关|"
                 r"人手不足|缺人|成本高|效率低|停产|停止支援|跟不上|停止维护|不再维护|不再支援|"
                 r"(?:占|佔|吃)(?:掉|满)(?:了)?(?:全部|所有|大部分)?(?:的)?(?:it|资讯|信息)?人力"),
        (STRONG, r"差错|就走|留不住|流动率|涨价|上涨|飙升|越来越(?:高|多|慢|难)|一直(?:掛|挂|出|坏|当)|常(?:常)?(?:出|坏|当|掛|挂|漏|错)|不稳|出包"),
        (STRONG, r"对不上|丢单|漏(?:发|单|掉|看|巡|报|打)|过不了|不开放|担心|顾虑|出乱子|乱子|不太支持|打不通|全靠|靠人工|靠人|经常|常常|老是|总是|嫌|太低|太高|不够|散在|分散|两套|不通|切不过来|爆仓|货损|损耗|排不上|要排到|只剩|吃紧|抗拒|排斥|反弹|不习惯|不会用|看不到|没有可视|效率低|慢半拍"),
        (STRONG, r"\b(?:killing\s+(?:them|us)|overbill\w*|overcharg\w*|concerns?|worr(?:y|ied|ies)|hates?|resist\w*|push-?back|wast(?:e|es|ed|ing)|error\s+rate|inaccura\w*|whiteboards?|paper-?based|by\s+hand|too\s+small|not\s+enough|leads?\s+to|overstock\w*|stock-?outs?|fragment\w*|disconnected|scattered|double\s+entry|re-?key\w*|(?:still|only)\s+(?:on|using|get|gets|doing|have)|100%\s+manual|manual(?:ly)?\s+(?:via|process|work|entry|keying)|can'?t\s+keep\s+up)\b"),
        (STRONG, r"\b(?:challeng\w*|problems?|pain(?:s|ful)?|struggl\w*|stuck|can'?t|cannot|unable|no\s+way\s+to|"
                 r"blockers?|blocked|bottlenecks?|obstacles?|hurdles?|difficult\w*|hard\s+to|trouble|broken|"
                 r"doesn'?t\s+(?:work|scale|integrate|talk)|don'?t\s+(?:work|scale|talk)|not\s+working|"
                 r"lack(?:s|ing)?|short[- ]?staffed|understaffed|overwhelm\w*|drowning|frustrat\w*|"
                 r"admit(?:s|ted)?|no\s+visibility|gaps?|mess|chaos|firefighting|too\s+(?:slow|many|much|manual)|"
                 r"keeps?\s+(?:failing|breaking|crashing)|falling\s+behind|complain\w*|headaches?|nightmare)\b"),
        (WEAK, r"\b(?:issues?|errors?|mistakes?|delays?|backlogs?|manual(?:ly)?|spreadsheets?|legacy|outdated|"
               r"siloed|silos|downtime|outages?|limit\w*|constraints?|slow|rework|turnover|attrition|"
               r"bottleneck|waste|inconsistent|inaccurate|duplicate)\b"),
        (STRONG, r"挑战|问题|痛点|难点|难处|困难|困扰|卡住|卡在|卡关|没办法|没有办法|无法|做不到|解决不了|搞不定|"
                 r"处理不了|跟不上|忙不过来|瓶颈|障碍|阻碍|难以|很难|麻烦|头痛|头疼|承认|串接不了|对接不了|"
                 r"整合不了|接不上|打不通|不够用|人力不足|缺人|缺乏|短缺|抱怨|客诉|一团乱|乱成|救火|落后"),
        (WEAK, r"出错|错误|失误|误差|延误|延迟|拖延|积压|人工|手动|手工|老旧|旧系统|孤岛|停机|宕机|当机|"
               r"重工|返工|离职|流动率|不准|不一致|慢|缺"),
        # what fails them, said plainly: "会员资料都捞不出来", "健保申报一直被核删", "厂商倒了没人维护"
        (STRONG, r"(?:捞|找|查|调|拉|算|对|跟)不(?:出来|到|准|动|上)|(?:每次|常常|总是|老是)?都?不准|"
                 r"(?:一直|常|常常|老是|经常)被|没人(?:维护|管|负责|会|懂)|(?:厂商|供应商|原厂)[^，。,；;]{0,4}(?:倒了|不在了|没了|收掉)"),
    ],
    "timeline": [
        # the school and trade calendars: "下学期开学就要用", "寒假做完", "金三银四之前"
        (STRONG, r"(?:下|本|这)学期|开学(?:前|时|就)|寒假|暑假|金三银四|金九银十"),
        # how it ranks: "今年一号工程", "头号项目"
        (STRONG, r"(?:一号|头号|一把手|重点)工程|头号项目"),
        (STRONG, r"(?<![去前])年底前|(?<![去前])年内|(?<![去前])年中|(?<![去前])年初|月底前|季末|季度末|月内|旺季前|大促前|双十一前|618前|春节前|q[1-4]前|deadline|截止"),
        (STRONG, r"\bby\s+(?:renewal|year-end|eoy|eoq|go-live|peak(?:\s+season)?|the\s+audit)\b|\bnext\s+season\b|\bbefore\s+(?:black\s+friday|peak|the\s+holidays)\b"),
        # the buyer's own calendar: "10% back this FY", "for fall semester", "live for next school yr"
        (STRONG, r"\b(?:this|next|end\s+of(?:\s+the)?)\s+(?:fy|fiscal)\b|\b(?:for|by|before)\s+(?:the\s+)?(?:fall|spring|next)\s+"
                 r"(?:semester|term)\b|\b(?:for|by|before)\s+(?:the\s+)?next\s+school\s+y(?:ea)?r\b"),
        (STRONG, r"\b(?:deadline|go[- ]?live|live\s+by|launch\w*|kick[- ]?off|timeline|time\s?frame|timing|asap|"
                 r"urgent\w*|urgency|priority|prioriti[sz]\w*|top\s+of\s+(?:the|their|his|her)\s+list|"
                 r"back\s?burner|on\s+hold|not\s+until|no\s+rush|decision\s+(?:by|in|date|expected|due)|"
                 r"decid(?:e|ing)\s+(?:by|in|within|before)|within\s+\d+|expir\w+|renewal\s+(?:date|is|in|due|comes)|"
                 r"contract\s+(?:ends|expires|renews|is\s+up)|peak\s+season|cut-?over|fiscal\s+year|"
                 r"start(?:ing)?\s+(?:in|on|by|date|next)|by\s+(?:then|q[1-4]|h[12])|sooner|freeze|"
                 r"before\s+(?:the\s+)?(?:holidays|audit|season|peak|renewal|year[- ]end))\b"),
        (WEAK, r"\b(?:soon|when|later|delay(?:ed)?|push(?:ed)?\s+(?:out|back)|wait(?:ing)?\s+(?:until|for)|"
               r"schedule|quarter|weeks?|months?)\b"),
        (STRONG, r"上线|期限|截止|(?:之|以)?前(?:要|得|必须|完成|上|导入|决定|到位)|启动|开跑|开工|时程|时间表|时间点|"
                 r"多快|尽快|越快越好|急|紧急|优先|首要|排第|最重要|延后|延到|推迟|暂缓|不急|等到|定案|"
                 r"(?:内|前)(?:决定|定|拍板|签)|到期|续约|旺季|淡季|年前|年后|deadline|时限|赶在|来不及"),
        (WEAK, r"(?<!抽)(?<!抽出)(?<!花)(?<!有)(?<!没)(?<!宝贵)时间(?!交流|聊)|季度|下周|下个月|月底|(?<![去前])年底|什么时候|何时"),
    ],
    "budget": [
        (STRONG, r"补助款?|支应|专款|拨款|"
                 # where it comes from, said short: "預算150萬 資訊處出", "运营部出钱"
                 r"(?:^|(?<=[\s，,。;；]))(?:从|由)?[\u4e00-\u9fff]{1,6}(?:处|部|课|室|厅|局|中心|事业部|总部)(?:那边)?出(?:钱|资)?(?=$|[\s，,。;；])"),
        (STRONG, r"\bfind\s+(?:the\s+|some\s+)?(?:money|budget|funds?|cash)\b|"
                 r"\b(?:budget\w*|funds?|funding|funded|allocat\w+|(?:set|put|kept|keep|keeping|putting)\s+aside|(?:saved|put\s+away)\s+(?:up\s+)?for\s+(?:it|this)|earmark\w*|capex|opex|"
                 r"spent|pric(?:e|es|ing|ed)|quot(?:e|es|ed)|discount\w*|afford\w*|expensive|"
                 r"cheap(?:er)?|ballpark|per\s+(?:seat|user|month|year|license|licence|unit)|licen[cs]e\s+(?:fee|cost)|"
                 r"subscription|invest(?:ment|ing)?|paying(?!\s+(?:users?|subs|subscribers?|customers?|members?|accounts?|clients?)\b)|pay\s+(?:for|about|around|up\s+to)|costs?\s+(?:of|is|around|about)\s+[$€£\d~](?![\d.,]*\s?%)|"
                 r"cost\s+center|fiscal|p&l|(?<!\bmakes\s)(?<!\bmake\s)(?<!\bmost\s)(?<!\bmore\s)money|cash|tight\s+on|sticker\s+shock|price[- ]sensitive|"
                 r"approved\s+(?:spend|funds|amount|\$)|dollars)\b"),
        (WEAK, r"\b(?:cost|costs|approved|range|numbers|commercials|roi|tco|"
               r"spend(?:ing|s)?(?!\s+(?:~|about|around|like)?\s*\d+(?:\.\d+)?\s*(?:hrs?|hours?|mins?|minutes?|days?|weeks?)\b))\b"),
        (STRONG, r"预算|经费|资金|拨款|编列|编了|批了\s?\d|花了(?!\s*[\d一二两三四五六七八九十半几]+\s*(?:个)?(?:天|小时|周|个月|分钟|年))|花费|费用|报价|价格|价钱|单价|折扣|打折|"
                 r"太贵|很贵|便宜|付款|付钱|出钱|capex|opex|投资|投入|年费|授权费|订阅|多少钱|钱(?:从|来自|由|要)|"
                 r"(?:走|从|由|用|列在|编在|挂在?)[^，。,；;]{0,8}科目|部门出|额度|上限|控制在|成本中心|预估金额|案值|总价|合约金额|开支|支出"),
        (WEAK, r"成本|钱|元|价|费"),
        # where the money comes from, said plainly: "钱是省里的专项债"
        (STRONG, r"(?:^|(?<=[\s，,、]))(?:是)?从[^，。,；;]{1,14}(?:出|拨|支出|挪|来)(?:的)?(?:$|(?=[\s，,。；;]))|走[^，。,；;]{0,8}(?:预算|资本支出|专项|经费|capex|opex)|"
                 r"专项(?:债|资金|经费|预算|补助|款)|钱(?:是|从|来自)[^，。,；;]{1,10}(?:的|出|拨)"),
    ],
    "authority": [
        (STRONG, r"党委会|能批|批到|(?:ceo|cfo|cto|cio|总|老板娘?)定|都要签|要签字|报集团|采购中心|点头|"
                 # "合約都是執行長 Rick 簽": a name or a title, then who signs
                 r"(?:[a-z]{2,}|长|总|董|经理|总监)\s?签(?:字|约|核)?(?:[。.，,;；!！]|$)"),
        # How the decision gets made, said as a route ("要走政府采购", "走单一来源论证", "内部开会定方向").
        (STRONG, r"签的字|走(?:政府)?采购|走招标|走流程|走审批|单一来源|上会|过会|开会定|定方向|内部(?:讨论|评估)后|拍板"),
        (STRONG, r"\b(?:owns\s+the\s+(?:[\w-]+\s+)?(?:number|budget|decision|choice|selection)|on\s+board|sign(?:s|ed)?\s+off|go-?ahead|buy-?in)\b"),
        # someone's side, said as a role ("IT sec guy (Dmitri) is a blocker", "their head of infra hates saas")
        (STRONG, PERSON_IS + r"(?:blocker|detractor|gatekeeper|evaluator|influencer)\b|\b" + HATES),
        # who decides, said plainly: "Linda makes the call on software", "her boss will pick the vendor"
        # someone whose yes is needed ("dad has to agree", "she has to sign off on anything over a grand")
        (STRONG, r"\b(?:has|have|needs?|must)\s+to\s+(?:agree|say\s+yes|sign\s+off|okay|ok|approve|be\s+on\s+board)\b"),
        # co-owners who decide together ("both have to agree", "Dr. Nguyen and her husband own it together")
        (STRONG, r"\b(?:both|all\s+(?:three|3|of\s+them))\s+(?:of\s+them\s+)?(?:have|has|need|needs|must)\s+to\s+(?:agree|sign|say\s+yes|approve|be\s+on\s+board)\b|"
                 r"\bown\s+it\s+together\b|\bco-?owners?\b"),
        (STRONG, r"\b(?:makes?|making)\s+the\s+(?:final\s+)?(?:call|decision)|\bcalls?\s+the\s+shots\b|"
                 r"\b(?:take|takes|taking|took|do|does)\s+(?:the\s+|final\s+|a\s+)?decisions?\b|"
                 r"\b(?:picks?|chooses?|selects?)\s+the\s+(?:vendor|supplier|solution|partner|platform)\b|"
                 r"\bdecision\s+is\s+(?:his|hers|theirs)\b|\blast\s+word\b"),
        (STRONG, r"内部推|帮忙推|帮我们推|往上报|上报|关键人|是关键|很听|认可我们|搞定|找.{0,4}突破|不支持|反对|(?:可以|直接|有权|负责)签|签字权"),
        (STRONG, r"\b(?:decision[- ]?(?:maker|process|making|committee|criteria)|decides?|decider|dm|eb|sign[- ]?off|signs?|signature|"
                 r"signing\s+authority|approv\w+(?!\s+(?:times?|rates?|cycles?|backlog|queue|delays?|(?:under|within|takes?)\s+~?\d))|authority|final\s+say|green[- ]?light|committee|board\s+(?:approval|sign\w*|has\s+to|needs\s+to|must|vote)|\b(?:members|council|shareholders|trustees|partners|owners)\s+(?:vote|votes|voting)\b|\bvotes?\s+on\s+(?:the\s+)?(?:spend|budget|contract|purchase|deal|vendor)|"
                 r"procurement|purchasing|legal(?:\s+review|\s+team)?|security\s+review|infosec|"
                 r"vendor\s+(?:onboarding|review|assessment|registration)|rfp|rfq|tender|bid(?:ding)?|"
                 r"purchase\s+order|po|stakeholders?|economic\s+buyer|who\s+else|loop(?:ing)?\s+in|"
                 r"bring(?:ing)?\s+in|reports?\s+to|boss|chain\s+of\s+command|buy-?in|champion\w*|sponsor\w*|"
                 r"gatekeeper|veto|blessing)\b"),
        (WEAK, r"\b(?:decision|board|ceo|cfo|coo|cto|cio|vp|svp|evp|director|head\s+of|exec\w*|leadership|management|mgmt|"
               r"process|review|involve\w*)\b"),
        (STRONG, r"决策|决定权|拍板|说了算|签核|签批|审批|核准|批准|签字|签约|盖章|授权|采购流程|采购部|"
                 r"法务|资安|信息安全审查|招标|投标|比价|标案|议价|委员会|董事会|签呈|上呈|呈报|"
                 r"汇报给|报给|层级|层层|关系人|背书|点头|同意(?:才|就|后)|过会|上会|把关|支持我们|力挺"),
        (WEAK, r"老板|总经理|高层|主管|流程|采购|总监|副总|董事长|财务长|财务总监|cfo|ceo|合规|签(?!到)"),
        # who decides, said as approval or a partner to consult: "局长核定", "钱的事要跟合伙人商量"
        (STRONG, r"决定要不要(?:买|采购|上|导入|签|换|做)|核定|核可|要跟[^，。,；;]{1,8}商量|(?:合伙人|股东|老板娘|董事长|理事会|家族)[^，。,；;]{0,6}(?:决定|说了算|拍板|同意|点头)"),
        # a body or a boss that settles it: "局党委已经定了要做", "要等CEO看完方案再定"
        (STRONG, r"(?:党委|常委会|董事会|管委会|理事会|领导班子|办公会|局里|院里|集团)[^，。,；;]{0,4}(?:定了|决定|拍板|通过|同意|批准)|"
                 r"要等[^，。,；;]{1,10}(?:看完|确认|同意|点头|批|审)[^，。,；;]{0,6}再(?:定|决定|说)"),
        # a signing limit: "500 萬以下他自己就能簽", "50 万以下他签字就行", "anything over $100k goes to the board"
        (STRONG, r"自己(?:就)?(?:能|可以)?(?:签|定|决定|拍板|批)|签字就行|(?:以下|以内|之内)[^，。,；;]{0,8}(?:签|批|拍板)|"
                 r"\b(?:anything|deals?|contracts?|purchases?|spend)\s+(?:over|above|under|below)\s+\S+\s+(?:needs?|goes|requires?|has\s+to|must)\b"),
        # who it is, asked: "他们老板是谁还不知道" (the hedge around it makes it unknown)
        (STRONG, r"(?:老板|老大|大老板|决策者|决策人|负责人|签字的人|拍板的人)是谁|谁(?:是)?(?:老板|决策者|拍板|说了算|签字)"),
    ],
    "consequences": [
        (STRONG, r"不过的话|过不去|要推迟|被砍|下线整改|没戏|拖(?:过|下去|到|了)[^，。,；;]{0,6}的话|(?:若|如果|要是)[^，。,；;]{0,16}(?:还没|没有?)(?:通过|过|做到|达到|完成|上线|拿到)|就会失去|(?:若|如果|要是)[^，。,；;]{0,16}(?:报|交|做|拿|过|赶|上)不(?:上去|出来|到|完|了|过)"),
        # the status quo kept, and what follows: "if NRR stays flat the series C gets harder", "if
        # backlog persists…", "if no replacement…", "must be spent by 9/30 or they go back to the state"
        # a loss that follows a condition ("If tenant complaints keep going up the regulator could downgrade them")
        (STRONG, r"\bif\b[^.;]{0,80}(?:\b(?:could|might|will|would|gonna)|\w'll)\s+(?:\w+\s+)?(?:downgrade|fine|penali[sz]e|shut|lose|cancel|"
                 r"pull|terminate|walk|churn|sue|fail|drop\s+(?:us|them))\b"),
        (STRONG, r"\bif\s+(?:\w+\s+){1,3}(?:stays?|remains?|persists?|continues?|keeps?\s+(?:growing|rising|slipping))\b|"
                 r"\bif\s+no\s+(?:replacement|change|fix|action|decision)\b|\bor\s+(?:the\s+)?(?:money|funds?|grant|budget|they|it)\s+(?:goes?|go)\s+back\b|"
                 r"\b(?:use\s+it\s+or\s+lose\s+it)\b|\bor\s+(?:else\s+)?(?:they'?re|they\s+are|they\s+get|it\s+gets)\s+\w+"),
        (STRONG, r"\bor\s+(?:they|\w+)\s+(?:lose|loses|puts?|run\s+out|get\s+fined|pay|walk)\b|"
                 r"\brun\s+out\s+of\s+(?:runway|cash|money|time)\b|\bup\s+for\s+rebid\b|\brebid\b"),
        (STRONG, r"(?:再|又)[^，。,；;]{1,6}的话|(?:若|如果|要是)(?:不|没)[^，。,；;]{1,14}|不保|爆单|不续|会被调|要被调"),
        # the status quo kept ("如果春季学期排课还是靠手工…"), and a stake on the line ("总监位置都悬")
        (STRONG, r"(?:若|如果|要是)[^，。,；;]{0,12}(?:还是|继续|仍然|依旧|照样|还)(?:靠|用)|位置(?:都|就)?(?:悬|危险|难保)|饭碗(?:都|就)?(?:悬|难保)"),
        # "不换系统的话…过不了", "拿不到就丢一个大客户", "算不清就麻烦了": if not, then a loss.
        (STRONG, r"(?:不|没)(?:换|做|上|拿下|改|处理|解决|升级)[^，。,；;]{0,8}的话|(?:拿|做|算|搞|谈|赶)不(?:到|清|定|完|上)就|"
                 r"就(?:丢|麻烦|被动|完了|出事|惨了)|会很被动|(?:很|就)麻烦"),
        (STRONG, r"就要(?:解约|暂停|停|被|罚|赔)|会被|就会(?:被|丢|没|爆|出)|就没了|没了|被砍|砍单|解约|暂停|停止(?:维护|服务|供货)|没人管|爆仓|担责|被罚|开罚|骂爆|上新闻|裁撤|裁员|撤掉|再出(?:一次|问题|事)|做不出来|过不了就|不然就|就得|出事"),
        # (a shutdown named by its season or plan is a maintenance window, no consequence)
        (STRONG, r"\b(?:claw(?:ed)?\s*back|on\s+the\s+hook|miss\s+(?:it|this|that)\b|if\s+nothing\s+changes|or\s+(?:they|we)\s+(?:lose|pay|get\s+fined)|can'?t\s+bill|(?<!\bthe\s)(?<!\bduring\s)(?<!\bplanned\s)(?<!\bannual\s)(?<!\bmaintenance\s)(?<!\bscheduled\s)(?<!\byearly\s)(?<!\bplant\s)(?<!\bholiday\s)(?<!\bchristmas\s)(?<!\bsummer\s)(?<!\bwinter\s)(?<!\bdecember\s)(?<!\baugust\s)(?<!\bjuly\s)(?<!\byear-end\s)(?<!\bweek\s)(?<!\bweekend\s)(?<!\beaster\s)(?<!\bspring\s)(?<!\bautumn\s)(?<!\bfall\s)shut\s*down|suspend\w*|lose\s+(?:the\s+)?(?:account|customer|contract|deal|license)|need\s+to\s+hire\s+\d|would\s+have\s+to\s+hire|cost\s+them\s+\d|(?:=|means)\s+(?:they\s+)?(?:can'?t|lose|no))"),
        # a deadline's alternative ("they need it live by april 1 or they cant onboard the new franchisees")
        (STRONG, r"\bor\s+(?:else\s+)?(?:they|we|he|she|it)\s+(?:can'?t|cant|cannot|won'?t|wont|will\s+not)\b"),
        (STRONG, r"\b(?:if\s+(?:they|it|this|she|he)\s+(?:don'?t|do\s+not|miss(?:es)?|fail\w*|can'?t|cannot|"
                 r"doesn'?t|slip\w*)|otherwise|or\s+else|penalt\w+|fines|fined|(?:a|the|big|hefty|huge|regulatory)\s+fine|fine\s+(?:of|them|us|him|her|the\s+\w+)|los(?:e|es|ing)|lost|loss(?:es)?|"
                 r"\bwithout\s+(?:that|this|it)\s*,?\s+(?:they|we|he|she)\s+(?:cannot|can'?t|won'?t|will\s+not)\b|fines?\s+from\b|"
                 r"at\s+risk|risk\s+(?:of|losing)|jeopard\w+|fired|on\s+the\s+line|demot\w+|out\s+of\s+a\s+job|lose\s+(?:my|his|her|their)\s+jobs?|"
                 r"costing\s+(?:them|us)|write[- ]?offs?|breach\w*|non-?complian\w+|audit\s+findings?|"
                 r"fall(?:ing)?\s+behind|do(?:ing)?\s+nothing|status\s+quo|another\s+year\s+of|blame\w*|"
                 r"miss(?:es|ing|ed)?\s+(?:the|their|her|his)\s+(?:target|goal|number|deadline|sla|quota)|"
                 r"consequences?|downside|churn\s+to|walk\s+away|cancel\s+the\s+contract|lawsuit|sued)\b"),
        (WEAK, r"\b(?:bonus|job|career|review|reputation|credibility|risk|exposure|cost\s+them)\b"),
        (STRONG, r"如果(?:没|不|无法|做不到|达不到)|要是(?:没|不)|没达成|达不到|没达标|未达标|做不到的话|完不成|"
                 r"否则|不然(?:的话)?|罚款|罚金|扣款|赔偿|赔钱|(?<![少减免])损失|(?:订单|客户|单子|生意|案子|合约|合同)[^，。,；;]{0,6}(?:要|会|就)丢|流失|丢(?:掉|了)?(?:客户|订单|合约|案子|饭碗)|"
                 r"危及|被开除|饭碗|考绩|降职|背锅|问责|被骂|被淘汰|违规|不合规|稽核缺失|再拖|不处理的话|"
                 r"不做的话|维持现状|后果|压力很大|扣分|被追究"),
        # what the status quo costs or loses them: a penalty paid, people quitting, revenue gone
        (STRONG, r"违约金|被(?:客户|主管机关|政府)?罚|罚[^，。,；;]{0,6}起跳|多(?:烧|花|赔)[^，。,；;]{0,6}(?:万|千|钱|元|块)|"
                 r"离职|走人|(?:少|掉|丢)(?:掉|了)?[^，。,；;]{0,8}(?:营收|生意|订单|业绩)|接不到|换(?:供应商|厂商|别家)|"
                 r"(?:费用|成本)[^，。,；;]{0,4}(?:要再|再|会)?(?:加|涨|增加)|被限制"),
        (WEAK, r"风险|奖金|年终|绩效|职位|位子|名声"),
    ],
    "implications": [
        (STRONG, r"\bin\s+line\s+for\s+(?:a\s+|the\s+)?(?:[\w-]+\s+){0,4}(?:job|role|promotion|position|seat)\b|"
                 r"\bin\s+line\s+for\s+(?:a\s+|the\s+)?(?:coo|cfo|ceo|cto|cio|cmo|cro|vp|svp|evp|gm|director|head|partner)\b|"
                 r"\bif\s+(?:the\s+)?(?:[\w-]+\s+){0,4}(?:goes|is)\s+(?:in|live)\b[^.;]{0,60}\b(?:can|could|would|will|'ll)\b|"
                 r"(?:上线|做成|做完|导入|完成)(?:之)?后(?:就)?能(?!签|批|拍板|定|决定)|头号成绩|政绩"),
        (STRONG, r"(?:跑通|做成|做到)了|评优|分红|能多(?:签|接|做|赚)|不用再|"
                 r"升(?:任|为)?\s?(?:[a-z]{1,4}\s?)?(?:cmo|cfo|cto|总监|vp|经理|副总|主管|处长|协理)|有望升"),
        (STRONG, r"\bgets?\s+(?:him|her|them)\b|\bgets?\s+to\s+(?:scale|hire|grow|expand|lead|run)\b|"
                 r"\bbonus\b[^.;]{0,25}\b(?:tied|unlock\w*|pool)\b|\bunlocks?\b|\bget\s+~?\d+\s?%\s+of\s+(?:the\s+)?savings\b|"
                 r"\bcan\s+run\b"),
        # "如果数据打通了，…就稳了", "做成了集团会追加预算": if it works, then a gain.
        (STRONG, r"如果[^，。,；;]{1,14}(?:了|上去|起来|顺利|打通|成功|做成|达标)[，,]?[^。；;]{0,20}(?:就|会|能|可以)|"
                 r"(?:做成|做到|达成|成功|拿下)了[^。；;]{0,10}(?:会|就|能|可以)|奖金|分量|考核就稳"),
        (STRONG, r"(?:做成|做好|做得好|做起来|成了|跑通|达成|成功|顺利|上了|实现|落地)(?:了)?(?:的话|之后|以后)|会跟进|跟着(?:上|做)|很漂亮|有面子|有帮助|亮点|股权激励|发奖金|激励|可以(?:拿去|申请|接|拿到|多接|扩)|就有机会"),
        (STRONG, r"\b(?:if\s+(?:\w+\s+){0,4}(?:drops?|improves?|works?\s+out|succeeds?|goes\s+well|pays\s+off|is\s+a\s+success|comes\s+down|gets\s+(?:down|better))|pays?\s+for\s+itself|could\s+(?:take\s+on|grow|expand|double|add|reinvest|redeploy|finally)|use\s+the\s+savings|finally\s+(?:close|get|be\s+able|hit)|lock\s+in\s+(?:his|her|a)|growth\s+story|success\s+(?:here|would)|getting\s+this\s+done)\b"),
        (STRONG, r"\b(?:if\s+(?:they|we|it|this|she|he)\s+(?:hit|hits|reach\w*|achiev\w+|succeed\w*|works?|lands?|"
                 r"pull|get(?:s)?\s+there|nail)|once\s+(?:it|this|they|that)|would\s+(?:free|allow|let|enable|open|"
                 r"mean|give|make|help)|free(?:s|d|ing)?\s+up|unlock\w*|opens?\s+(?:the\s+)?door|"
                 r"promot\w+|up\s+for\s+(?:a\s+)?(?:vp|promotion|director|raise)|hero|recognition|"
                 r"reinvest\w*|bigger\s+team|more\s+headcount|expand(?:s|ing)?\s+to|"
                 r"upside|make\s+(?:her|him|them)\s+look\s+good|showcase)\b"),
        (WEAK, r"\b(?:bonus|raise|career|win|growth|reference|expansion)\b"),
        (STRONG, r"的话(?:就)?(?:可以|能)(?!签|批|拍板|定|决定)|升[^，。,；;]{1,4}(?:处长|经理|总监|协理|主任|副总|厂长|院长)|"
                 r"如果(?:达成|成功|做到|顺利|能)|达成(?:后|的话)|成功(?:的话|后|了|则)|做到(?:的话|后|则|就)|"
                 r"之后(?:可以|就能|能)|就(?:能|可以)(?!签|批|拍板|定|决定)|可望|有机会|升迁|升职|晋升|升(?:协理|经理|总监|副总|处长|vp)|"
                 r"加薪|表扬|功劳|露脸|扩大|推广到|复制到|扩到|扩展到|释放|省下来的|"
                 r"再投资|标杆|样板|加分"),
        (WEAK, r"奖金|年终|好处|效益"),
    ],
}

# Notes that only report logistics (no answer, rescheduling, sending material) file nothing;
# a date in such a clause is a meeting time, not the buyer's timeline.
LOGISTICS = (
    r"\b(?:voicemail|vm|no\s+answer|didn'?t\s+pick\s+up|left\s+(?:a\s+)?(?:message|msg)|call(?:ed)?\s+back|"
    r"callback|reschedul\w*|moved\s+(?:the\s+)?(?:call|meeting|demo)|push(?:ed)?\s+(?:the\s+)?(?:call|meeting|demo)|"
    r"sent\s+(?:over\s+)?(?:the\s+|a\s+)?(?:deck|proposal|quote|info|case\s+study|email|follow-?up|brochure|"
    r"whitepaper|one-?pager|recap|invite|slides|materials?|contract)|thanks|thank\s+you|talk\s+soon|"
    r"follow(?:ed)?\s*-?up|ooo|out\s+of\s+(?:the\s+)?office|auto-?reply|out\s+(?:till|until|thru|through)|webinar|signed\s+up|registered\s+for|downloaded|tried\s+(?:calling|reaching|to\s+(?:call|reach|get\s+hold))|tried\s+(?:dr|mr|mrs|ms)\b|tried\s+(?:[\w.]+\s+){0,3}[\w.]+'s\s+(?:office|cell|phone|line|desk|mobile)|on\s+vacation|on\s+leave|booked|scheduled|"
    r"calendar\s+invite|ping(?:ed)?|no\s+reply|no\s+response|bounced|gatekeeper\s+(?:blocked|said)|"
    r"meeting\s+(?:set|booked|confirmed)|demo\s+(?:set|booked|scheduled))\b"
    r"|电话没人接|没人接|没接|未接|留言|语音信箱|回电|回拨|改约|改期|改到|延期开会|已寄|已发|寄了|发了|"
    r"寄出|谢谢|感谢|再聊|下次再|约了|排了|会议改|请假|出差|不在|没回|未回|已读不回|再打|再联系|约好|"
    r"约在|拜访取消|取消拜访|发过去|发给(?:他|她|客户|对方)|更新一下|next\s+(?:call|meeting|touchpoint|sync|check-?in)"
)

# A personal stake, for the C&I quality check: the buyer's own bonus, job, promotion.
PERSONAL = (
    r"\b(?:bonus|promot\w+|job|career|fired|raise|review|reputation|credibility|his|her|personally|"
    r"(?:she|he)'?(?:d|ll|s)?|comp(?:ensation)?|commission|title|vp|on\s+the\s+line|look\s+good|hero)\b"
    r"|奖金|年终|升迁|升职|晋升|考绩|绩效|饭碗|职位|位子|降职|背锅|加薪|个人|他的|她的|窗口|对接人|表扬|功劳|露脸"
    r"|升(?:协理|经理|总监|副总|处长|厂长|主任|副院长|院长|vp|cio|cto|coo|cfo)|问责|被追究|丢(?:工作|饭碗)"
)
