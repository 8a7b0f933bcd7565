"""Every key-result status (the model's Literal) has its mark in every reporter."""

from __future__ import annotations

from okrkit.progress import STATUSES
from okrkit.report.html.charts import STATUS_COLOUR, STATUS_ICON, STATUS_WORD
from okrkit.report.status import STATUS_MARK
from okrkit.report.terminal import STATUS_STYLE


def test_every_status_is_drawn_everywhere() -> None:
    for table in (STATUS_MARK, STATUS_STYLE, STATUS_ICON, STATUS_WORD, STATUS_COLOUR):
        assert set(table) == set(STATUSES)
