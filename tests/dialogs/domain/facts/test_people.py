"""People with titles in three languages, and a guess at their buying role."""

import pytest

from dialogs.domain.facts.people import find_people


def _people(text):
    return [(p.name, p.title, p.role) for p in find_people(text)]


@pytest.mark.parametrize("text,expected", [
    ("Maria Chen, CFO, has the final decision", [("Maria Chen", "CFO", "key_decision_leader")]),
    ("Their VP of Sales is our champion", [(None, "VP of Sales", "sponsor")]),
    ("Met Tom, Head of Ops.", [("Tom", "Head of Ops", None)]),
    ("The procurement director will evaluate the bids", [(None, "procurement director", "evaluator")]),
    ("CFO signs off after review", [(None, "CFO", "approver")]),
    ("財務長陳美玲拍板", [("陳美玲", "財務長", "key_decision_leader")]),
    ("營運長很支持我們", [(None, "營運長", "sponsor")]),
    ("The CEO listens to Raj on anything IT", [(None, "CEO", None), ("Raj", None, "influencer")]),
    ("採購處長負責評估", [(None, "採購處長", "evaluator")]),
    ("财务总监王芳签批", [("王芳", "财务总监", "approver")]),
    ("采购总监负责评估三家供应商", [(None, "采购总监", "evaluator")]),
    ("老板很听林协理的意见", [(None, "老板", None), ("林协理", None, "influencer")]),
    ("Kim from procurement sent the RFP", [("Kim", None, None)]),
    ("Dave Cho (ops mgr) is our champion", [("Dave Cho", "ops mgr", "sponsor")]),
    ("call w/ Sarah Kim (VP Finance) + Raj Patel (IT dir)", [("Sarah Kim", "VP Finance", None), ("Raj Patel", "IT dir", None)]),
    ("Linda has final say", [("Linda", None, "key_decision_leader")]),
    # a team in brackets after a name is what they do, and the second person is not dropped
    ("Lisa (CFO, final say) and Tom (IT)", [("Lisa", "CFO", "key_decision_leader"), ("Tom", "IT", None)]),
    ("和采购经理李娜通了电话", [("李娜", "采购经理", None)]),
    ("今天见了总经理赵刚，赵总说今年一定要上线", [("赵刚", "总经理", None)]),  # 赵总 is him again
    ("今天跟陳協理（營運長）開會", [("陳協理", "營運長", None)]),
    ("跟运营总监李明聊了", [("李明", "运营总监", None)]),
    # offices in Taiwan and China often go by English names
    ("營運長Jason說要先看ROI", [("Jason", "營運長", None)]),
    ("财务长 Linda Wu 负责签核", [("Linda Wu", "财务长", "approver")]),
])
def test_people_titles_and_roles(text, expected):
    assert _people(text) == expected


def test_the_same_person_twice_is_one_person():
    assert _people("跟李总确认过了,李总说了算") == [("李总", None, "key_decision_leader")]


def test_a_first_name_later_is_the_person_named_in_full_before():
    assert _people("call w/ Linda Park (CFO). Linda has final say") == [("Linda Park", "CFO", "key_decision_leader")]


def test_no_people_in_plain_text():
    assert _people("Budget is about $80k and they want it live by June") == []
    assert _people("Budget has been approved. Acme (the client) is slow") == []


def test_the_board_is_no_person():
    from dialogs.domain.facts.people import find_people
    assert [p.name or p.title for p in find_people("预算50万左右，但要等董事会批。周总自己能拍板")] == ["周总"]
    assert [p.title for p in find_people("最后董事长拍板")] == ["董事长"]


def test_a_latin_name_in_a_chinese_note_with_what_they_are():
    found = find_people("Jason是我們的支持者")
    assert [(p.name, p.stance) for p in found] == [("Jason", "supporter")]
    assert [(p.name, p.stance) for p in find_people("用SAP，Kevin很支持")] == [("Kevin", "supporter")]
    assert [(p.name, p.stance) for p in find_people("IT主管Kevin反對換系統")] == [("Kevin", "opponent")]
    # a product or a word that only starts like a verb is no person
    assert find_people("Shopify說明文件寄了") == []
    assert find_people("Excel是他們現在用的") == []


def test_attendees_with_a_role_in_their_brackets_and_she_is_the_one_who_decides():
    found = find_people("Attendees: Priya Nair (Dir. Patient Access, our champ), Mark Ruiz (CIO)")
    assert [(p.name, p.role) for p in found] == [("Priya Nair", "sponsor"), ("Mark Ruiz", None)]
    (jen,) = find_people("voice memo ok so met with the COO Jennifer Wu today she is the one who decides she said")
    assert (jen.name, jen.role, jen.stated) == ("Jennifer Wu", "key_decision_leader", True)


def test_supportive_or_not_is_where_they_stand():
    assert [(p.name, p.role) for p in find_people("IT部的陈涛是我们的内部支持者，一直在内部推这个项目。")] == [("陈涛", "sponsor")]
    assert [(p.name, p.role, p.stance) for p in find_people("運維課長劉先生態度普通；目前內部沒有人幫我們推")] \
        == [("劉先生", None, "neutral")], "no one pushing for us is no sponsor"
    assert [(p.name, p.stance) for p in find_people("Sam Lee, their IT director, is very supportive of us")] \
        == [("Sam Lee", "supporter")]
    assert [(p.name, p.stance) for p in find_people("Dana Fox (CFO) is not very supportive")] == [("Dana Fox", "opponent")]
    assert [(p.name, p.stance) for p in find_people("Raj Patel is in favor of switching")] == [("Raj Patel", "supporter")]


def test_a_bare_chinese_name_with_where_they_stand():
    assert [(p.name, p.role) for p in find_people("阿明是我們的內線")] == [("阿明", "sponsor")]
    assert [(p.name, p.title) for p in find_people("決策者是營運長 張總")] == [("張總", "營運長")]
    assert [(p.name, p.role, p.stance) for p in find_people("李明是我们的内线")] == [("李明", "sponsor", "supporter")]
    assert [(p.name, p.stance) for p in find_people("王芳很支持我們")] == [("王芳", "supporter")]
    assert [(p.name, p.role) for p in find_people("预算80万，陈伟说了算")] == [("陈伟", "key_decision_leader")]
    # a surname starts many plain words; only a name with a stance is taken
    assert find_people("方案是我们的强项") == [] and find_people("高层拍板") == []
    assert [p.name for p in find_people("今天跟运营总监李明开了会")] == ["李明"]


def test_a_name_typed_in_lower_case_after_an_honorific():
    found = find_people("spoke w/ dr. amy cho (COO). amy says CFO has final say")
    assert [(p.name, p.title) for p in found] == [("amy cho", "COO"), (None, "CFO")]
    assert [p.name for p in find_people("mr. lee is our champion")] == ["lee"]


def test_a_stance_after_a_pronoun_is_not_the_nearest_persons():
    (cfo,) = find_people("the CFO has final say but she'll champion it")
    assert (cfo.role, cfo.stance) == ("key_decision_leader", None)


def test_a_deputy_title_and_a_title_said_again():
    found = find_people("剛跟港務局資訊室主任通完電話 主任說副局長拍板")
    assert [(p.title, p.role) for p in found] == [("資訊室主任", None), ("副局長", "key_decision_leader")]


@pytest.mark.parametrize("note, stated", [("Probably the CFO decides, not sure.", False), ("好像是周总拍板", False),
                                          ("Budget maybe 50k. Linda has final say", True)])
def test_a_role_said_with_a_maybe_is_a_guess_and_probably_is_no_name(note, stated):
    (person,) = find_people(note)
    assert person.role == "key_decision_leader" and person.stated is stated and person.name != "Probably"


@pytest.mark.parametrize("note, people", [
    ("去年上的系统不支持 吴经理自己承认搞不定 预算两百多万 院长拍板", [("吴经理", None), (None, "key_decision_leader")]),
    ("做成了她能升副院长", []),  # a promotion names no one in the room
])
def test_no_stance_from_a_system_no_person_from_a_figure_or_a_promotion(note, people):
    assert [(p.name, p.role) for p in find_people(note)] == people
    assert all(p.stance is None for p in find_people(note))


def test_in_a_phone_note_a_space_before_someone_new_ends_the_first_persons_thought():
    champion, doubter = find_people("王总是我们的内线 何总那边偏保守 可能是反对的")
    assert (champion.name, champion.role, champion.stance, champion.stated) == ("王总", "sponsor", "supporter", True)
    assert (doubter.name, doubter.role, doubter.stance) == ("何总", None, "opponent")
    (same,) = find_people("王总 很支持我们")
    assert same.stance == "supporter"


def test_who_signs_said_outright_is_a_stated_approver_and_a_department_is_no_name():
    (bill,) = find_people("CFO Bill Lumbergh signs")
    assert (bill.name, bill.title, bill.role, bill.stated) == ("Bill Lumbergh", "CFO", "approver", True)
    assert not find_people("Probably the CFO signs")[0].stated, "guessed: a suggestion only"
    assert [(p.name, p.title) for p in find_people("decision maker是VP Operations")] == [(None, "VP Operations")]


def test_a_cool_reception_said_in_chinese_is_a_stance():
    (zhao,) = find_people("赵经理那边对我们不太感冒")
    assert (zhao.name, zhao.stance) == ("赵经理", "opponent")
    assert find_people("王总偏向我们")[0].stance != "opponent"


@pytest.mark.parametrize("note, name", [("采购部赵敏对我们比较抵触", "赵敏"), ("赵敏那边对我们比较抵触", "赵敏"),
                                        ("IT经理孙强对我们有意见", "孙强")])
def test_a_chinese_objection_to_us_is_an_opponent(note, name):
    (person,) = [p for p in find_people(note) if p.name == name]
    assert person.stance == "opponent"


@pytest.mark.parametrize("note, who", [
    ("call w/ Priya Nair (dir of IT) + Tom Baker", ("Priya Nair", "dir of IT", None)),
    ("刘经理说副行长陈刚签字，采购会先走招标", ("陈刚", "副行长", "approver")),
    ("劉經理說副行長陳剛簽字", ("陳剛", "副行長", "approver")),
])
def test_abbreviated_and_bank_titles_and_who_signs_when_someone_else_says_so(note, who):
    people = [(p.name, p.title, p.role) for p in find_people(note)]
    assert who in people
    assert all(role is None for name, _, role in people if name != who[0])  # not the one who said it


@pytest.mark.parametrize("note, who", [
    ("倉儲課長老王反對", ("老王", "倉儲課長", None, "opponent")),
    ("王姐审批", ("王姐", None, "approver", None)),
    ("王姐是内部支持者", ("王姐", None, "sponsor", "supporter")),
    ("张工负责评估", ("张工", None, "evaluator", None)),
    ("刚跟华东的运营总监刘总打完电话", ("刘总", "运营总监", None, None)),
])
def test_what_colleagues_call_each_other_is_a_name(note, who):
    assert who in [(p.name, p.title, p.role, p.stance) for p in find_people(note)]


@pytest.mark.parametrize("note", ["张工作很忙", "这是小金额", "小时候"])
def test_words_that_start_like_a_nickname_are_no_one(note):
    assert find_people(note) == []


@pytest.mark.parametrize("note", ["Upside: Bill gets the promo to VP if this lands", "she wants to become CFO",
                                  "hitting 5% is her ticket to COO"])
def test_a_post_hoped_for_is_no_one_in_the_room(note):
    assert all(p.title is None for p in find_people(note))


def test_a_clause_going_on_about_the_decider_gives_their_stance():
    people = find_people("高总有最后决定权，但他明确反对换系统，觉得现在的够用。何经理是我们的内线")
    assert [(p.name, p.role, p.stance) for p in people] == [("高总", "key_decision_leader", "opponent"),
                                                            ("何经理", "sponsor", "supporter")]


@pytest.mark.parametrize("note, who", [
    ("Met Sam again 11/28 - he is our champion now, offered to walk us in.", ("Sam", "sponsor")),
    ("今天和周总meeting，他明确说final decision他来做，而且very supportive。", ("周总", "key_decision_leader")),
    ("Sponsor是IT的小陈，主动帮我们约了下周的demo。", ("小陈", "sponsor")),
])
def test_a_role_said_of_someone_just_named(note, who):
    assert who in [(p.name, p.role) for p in find_people(note)]


def test_a_stance_said_in_the_next_sentence_and_names_after_a_verb_or_a_role():
    (greg,) = find_people("Greg Tanner (VP Operations) makes the decision. He told us plainly he prefers to renew the "
                          "incumbent and is against switching.")
    assert (greg.role, greg.stance) == ("key_decision_leader", "opponent")
    assert [(p.name, p.role) for p in find_people("今天见了王总（拍板人），他对我们挺认可的。对接人李工是我们的 sponsor")] == \
        [("王总", "key_decision_leader"), ("李工", "sponsor")]


def test_a_meeting_after_a_title_is_no_name_and_a_title_said_again_is_the_same_person():
    assert [(p.name, p.title) for p in find_people("下週二要跟總經理簡報")] == [(None, "總經理")]
    assert [(p.name, p.title) for p in find_people("跟陳協理聊了一小時，協理說預算沒問題")] == [("陳協理", None)]


def test_a_first_name_that_is_the_final_decision_maker():
    assert [(p.name, p.role) for p in find_people("Priya is the final decision maker. Process: InfoSec review")] == \
        [("Priya", "key_decision_leader")]


def test_a_role_after_but_is_the_next_persons():
    okafor, ceo = find_people("Dr. Okafor (CMO) is our champion, but final call sits w/ the CEO")
    assert (okafor.name, okafor.role, okafor.stance) == ("Okafor", "sponsor", "supporter")
    assert (ceo.title, ceo.role, ceo.stated) == ("CEO", "key_decision_leader", True)


def test_a_pronoun_after_a_comma_or_a_teller_is_that_person():
    [ann] = find_people("CFO Ann Diaz decides, she's neutral")
    assert (ann.role, ann.stance) == ("key_decision_leader", "neutral")
    [helen] = find_people("Helen told Mark flat out she's against switching")
    assert (helen.name, helen.stance) == ("Helen", "opponent")
    [cfo] = find_people("CFO has final say but she'll champion it")
    assert cfo.stance is None, "she is someone else"
