from decimal import Decimal

import pytest

from dialogs.domain.facts.percent import find_percentages


@pytest.mark.parametrize("text,values", [
    ("errors down 30%", [30]), ("12.5 percent of orders", [12.5]), ("降低百分之十五", [15]),
    ("營收成長兩成", [20]), ("良率提升三成五", [35]), ("成本太高,成功率低", []),
    ("from 28% to under 20%", [28, 20]),
])
def test_percentages(text, values):
    assert [p.value for p in find_percentages(text)] == [Decimal(str(v)) for v in values]
