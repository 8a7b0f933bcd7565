"""The CLI's shared pieces: list options and how errors are shown."""

from __future__ import annotations

import pytest

from okrkit.cli._common import Names, error_lines
from okrkit.errors import ConfigError, OkrkitError, PlanLoadError, Problem, UsageError
from okrkit.model.aggregate import Location


@pytest.mark.parametrize(
    ("text", "names"),
    [("a", ("a",)), ("a,b", ("a", "b")), (" a , ,b,", ("a", "b")), ("", ())],
)
def test_names_parse_a_comma_separated_list(text: str, names: tuple[str, ...]) -> None:
    assert Names.parse(text) == names
    assert Names.parse(Names.parse(text)) == names


def test_error_lines_add_the_prefix_and_the_option() -> None:
    at = Location("p.yaml", 3, 5)
    assert error_lines(OkrkitError("cannot write x")) == ["okrkit: cannot write x"]
    assert error_lines(UsageError("no initiative 'q'", param="focus")) == [
        "okrkit: --focus: no initiative 'q'"
    ]
    assert error_lines(UsageError("no team 'x'", param="cross_team")) == [
        "okrkit: --cross-team: no team 'x'"
    ]
    assert error_lines(UsageError("needs two", param="methods")) == ["okrkit: --compare: needs two"]
    assert error_lines(ConfigError(at, "bad")) == ["p.yaml:3:5: bad"]
    assert error_lines(PlanLoadError([Problem(at, "bad")])) == ["p.yaml:3:5: bad"]


class TestOutputWidth:
    def test_columns_wins(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from okrkit.cli._common import output_width

        monkeypatch.setenv("COLUMNS", "80")
        assert output_width(None) == 80

    def test_tiny_columns_has_a_floor(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from okrkit.cli._common import output_width

        monkeypatch.setenv("COLUMNS", "5")
        assert output_width(None) == 40

    def test_piped_without_columns_is_unlimited(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        from okrkit.cli._common import output_width

        monkeypatch.delenv("COLUMNS", raising=False)
        assert output_width(None) is None

    def test_junk_columns_is_ignored(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from okrkit.cli._common import output_width

        monkeypatch.setenv("COLUMNS", "wide")
        assert output_width(None) is None
