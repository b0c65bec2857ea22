"""What a note says happened: only what is said as done is recorded, never what is to come."""

from __future__ import annotations

import pytest

from dialogs.domain.facts.activities import find_activities


@pytest.mark.parametrize("note, kinds", [
    ("sent the proposal today", ["proposal_sent"]),
    ("proposal sent, they will review next week", ["proposal_sent"]),
    ("報價已經寄出 他們下週回覆", ["proposal_sent"]),
    ("今天做了demo 很順", ["demo"]),
    ("我明天寄報價給他們", []),
    ("下午會把提案寄過去", []),
    ("i'll send the quote tmrw", []),
    ("send quote tmrw", []),
    ("left a voicemail, no answer", []),
    ("今天跟刘总见了面，他们想把库存周转提到8次", ["meeting"]),
    ("今天和采购部张经理、IT主管赵磊开了个会。", ["meeting"]),
    ("下週要跟他們見面", []),
    ("约了周三拜访", []),
    ("如果再出一次大的货损，客户就要跑了", []),  # 跑了 is no demo run
    ("今天上午拜访了张总，先聊了聊上周的展会", ["meeting"]),  # talk at the meeting is no call besides
])
def test_only_what_is_said_as_done_is_an_activity(note, kinds):
    assert [a.kind for a in find_activities(note)] == kinds
