"""``settings.checks``: turn checks off, change their severity, set their options.

```yaml
settings:
  checks:
    pillar-share-drift: {severity: warning, tolerance: 0.1}
    debt-share-below-minimum: {minimum: 0.15}
    stale-key-result: off
    principle:short-experiments: {severity: warning}
```

Every key must be a check name (or code) or ``principle:<id>`` of a principle with a
rule; every option must be one the check declares. Mistakes are configuration errors
with a breadcrumb (``settings -> checks -> NAME -> OPTION: ...``) at their line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from okrkit.checks.base import Check, CheckOptions
from okrkit.checks.registry import BY_NAME, CHECKS, get_check
from okrkit.checks.result import SEVERITIES, Severity
from okrkit.errors import ConfigError, ConfigErrors
from okrkit.suggest import closest

if TYPE_CHECKING:
    from okrkit.model import Plan

_OFF = ("off", "false", "no", "disable", "disabled")
_ON = ("on", "true", "yes", "enable", "enabled")


@dataclass(frozen=True)
class CheckConfig:
    """The configuration of one check (or of one principle's rule)."""

    enabled: bool = True
    severity: Severity | None = None
    options: CheckOptions | None = None


def _crumb(*parts: str) -> str:
    return " -> ".join(("settings", "checks", *parts))


def _suggest(word: str, choices: list[str]) -> str:
    close = closest(word, choices)
    return f"; did you mean {close!r}?" if close else ""


def _switch(value: Any) -> bool | None:
    """``off``/``false`` → False, ``on``/``true`` → True, anything else → None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        low = value.strip().lower()
        if low in _OFF:
            return False
        if low in _ON:
            return True
    return None


def parse_settings(plan: Plan) -> dict[str, CheckConfig]:
    """``settings.checks`` parsed, and every scoring formula checked against the plan's
    fields: all the problems at once (one :class:`ConfigErrors`). ``check`` and
    ``validate`` both call it, so a plan one of them passes the other passes too."""
    from okrkit.scoring.ranking import formula_errors

    errors: list[ConfigError] = []
    configs: dict[str, CheckConfig] = {}
    try:
        configs = parse_check_settings(plan)
    except ConfigErrors as exc:
        errors += exc.errors
    errors += formula_errors(plan)
    if errors:
        raise ConfigErrors(errors)
    return configs


def parse_check_settings(plan: Plan) -> dict[str, CheckConfig]:
    """Validate ``settings.checks``; keys of the result are check names or ``principle:<id>``.

    Raises :class:`~okrkit.errors.ConfigErrors` with every mistake (the first of each
    key), so all of them are reported in one run.
    """
    raw = plan.settings.checks or {}
    out: dict[str, CheckConfig] = {}
    principles = {p.id for p in plan.principles if p.rule is not None}
    errors: list[ConfigError] = []
    for key, value in raw.items():
        try:
            _parse_key(plan, str(key), value, principles, out)
        except ConfigError as exc:
            errors.append(exc)
    if errors:
        raise ConfigErrors(errors)
    return out


def _parse_key(
    plan: Plan, key: str, value: Any, principles: set[str], out: dict[str, CheckConfig]
) -> None:
    """Validate one key of ``settings.checks`` into ``out``; ConfigError if it is wrong."""
    where = plan.where_setting("checks", key, key=True)
    if key.startswith("principle:"):
        if key[len("principle:") :] not in principles:
            raise ConfigError(
                where,
                f"{_crumb(key)}: no principle with a rule has id "
                f"{key[len('principle:') :]!r}"
                + _suggest(key, sorted("principle:" + p for p in principles)),
            )
        name, check = key, None
    else:
        found = get_check(key)
        if found is None:
            raise ConfigError(
                where,
                f"{_crumb(key)}: unknown check" + _suggest(key, [c.name for c in CHECKS]),
            )
        name, check = found.name, found
    if name in out:
        raise ConfigError(where, f"{_crumb(key)}: {name} is configured twice")
    out[name] = _parse_one(plan, key, value, check)


def _parse_one(plan: Plan, key: str, value: Any, check: type[Check[Any]] | None) -> CheckConfig:
    switch = _switch(value)
    if switch is not None:
        return CheckConfig(enabled=switch, options=_options(plan, key, check, {}))
    if value is None:
        return CheckConfig(options=_options(plan, key, check, {}))
    if not isinstance(value, dict):
        raise ConfigError(
            plan.where_setting("checks", key),
            f"{_crumb(key)}: expected 'off' or a mapping of severity and options, got {value!r}",
        )
    enabled = True
    severity: Severity | None = None
    options: dict[str, Any] = {}
    for opt, v in value.items():
        opt = str(opt)
        if opt == "severity":
            sw = _switch(v)
            if sw is False:
                enabled = False
            elif isinstance(v, str) and v in SEVERITIES:
                severity = v
            else:
                raise ConfigError(
                    plan.where_setting("checks", key, "severity"),
                    f"{_crumb(key, 'severity')}: expected one of error, warning, info, off; "
                    f"got {v!r}",
                )
        elif opt == "enabled":
            sw = _switch(v)
            if sw is None:
                raise ConfigError(
                    plan.where_setting("checks", key, "enabled"),
                    f"{_crumb(key, 'enabled')}: expected true or false, got {v!r}",
                )
            enabled = sw
        else:
            options[opt] = v
    return CheckConfig(enabled, severity, _options(plan, key, check, options))


def _options(
    plan: Plan, key: str, check: type[Check[Any]] | None, values: dict[str, Any]
) -> CheckOptions | None:
    if check is None:
        if values:
            opt = sorted(values)[0]
            raise ConfigError(
                plan.where_setting("checks", key, opt, key=True),
                f"{_crumb(key, opt)}: unknown option; a principle's rule takes only severity",
            )
        return None
    model = check.Options
    known = sorted(model.model_fields)
    for opt in sorted(values):
        if opt not in model.model_fields:
            allowed = ", ".join(["severity", *known])
            raise ConfigError(
                plan.where_setting("checks", key, opt, key=True),
                f"{_crumb(key, opt)}: unknown option (known: {allowed})" + _suggest(opt, known),
            )
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(p) for p in err.get("loc", ())]
        where = plan.where_setting("checks", key, *loc)
        message = err.get("msg", "invalid value")
        raise ConfigError(where, f"{_crumb(key, *loc)}: {message}") from None


__all__ = ["BY_NAME", "CheckConfig", "parse_check_settings", "parse_settings"]
