"""The pipeline chart speaks the viewer's language where a font can draw it, and is never a row
of empty boxes: without a CJK font it falls back to English."""

from __future__ import annotations

import warnings

from dialogs.features import charts

ROWS_ZH = [("潛在客戶", 3, 1200.0), ("需求探索", 1, 800.0)]
ROWS_EN = [("Lead", 3, 1200.0), ("Discovery", 1, 800.0)]


def test_a_chinese_chart_draws_every_glyph_or_falls_back_to_english():
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        png = charts.pipeline_chart("銷售漏斗 · 我", ROWS_ZH, "各階段商機數（金額單位 USD）",
                                    fallback=("Pipeline", ROWS_EN, "deals per stage (amount in USD)"))
    assert png.startswith(b"\x89PNG")
    assert not [w for w in seen if "missing from font" in str(w.message)], "no empty boxes"


def test_the_pipeline_reply_names_the_chart_in_the_viewers_language(chat):
    chat.say("新增商機：台積電")
    chat.say("漏斗")
    (reply,) = [r for r in chat.replies if r.files]
    assert reply.text.startswith("銷售漏斗") and reply.files[0].content().startswith(b"\x89PNG")


def test_the_chart_is_drawn_when_sent_not_during_the_turn_and_survives_the_outbox(chat):
    from dialogs.messages import Reply

    chat.say("new deal Acme")
    chat.say("/pipeline")
    (reply,) = [r for r in chat.replies if r.files]
    assert reply.files[0].data is None, "the turn only says what to draw"
    again = Reply.load(reply.dump())  # as the outbox keeps it for a resend
    assert "data" not in reply.dump()["files"][0] and again.files[0].chart == reply.files[0].chart
    assert again.files[0].content().startswith(b"\x89PNG")
