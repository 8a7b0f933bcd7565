"""``--format junit``: JUnit XML for GitLab, Jenkins, Azure and other CI test reports.

One ``<testsuite>`` per plan file, one ``<testcase>`` per check in it (named
``<check> (<file>)``, unique across the report), failing with every finding of that
check in that file at or above ``--fail-on`` (the report's ``fail_on``); findings
below it are listed in the suite's ``<system-out>`` and their case passes, so the test
report fails exactly when the job does. When the plan did not load, the other checks
are listed as skipped. Valid against the Ant and the Jenkins JUnit schemas.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from okrkit.report.findings.text import line

if TYPE_CHECKING:
    from okrkit.checks import CheckReport, Finding

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_RANK = {"error": 0, "warning": 1, "info": 2}


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def render(report: CheckReport) -> str:
    """The report as JUnit XML: one ``<testsuite>`` per plan file, one ``<testcase>`` per rule.

    A rule with findings in a file that fail the run (at or above ``--fail-on``) is a
    failure of that file's test case (its type is the worst severity; its text lists
    those findings), so CI dashboards show which check failed where and agree with the
    exit code; findings below the bar go to the suite's ``<system-out>``. When the plan
    did not load, the checks that could not run are *skipped* test cases, not passed
    ones: a broken plan must not look clean. The Ant schema allows no attributes on
    ``<testsuites>``, so the totals live on each suite; text is cleaned of characters
    XML 1.0 cannot hold.
    """
    from okrkit.checks.registry import CHECKS

    by_key: dict[tuple[str, str], list[Finding]] = {}
    for f in report.findings:
        by_key.setdefault((f.location.file, f.name), []).append(f)
    rules = list(report.rules)
    skipped_checks = [] if report.loaded else [c for c in CHECKS if not c.from_loader]
    files = list(report.files) or ["<plan>"]
    timestamp = f"{report.as_of.isoformat()}T00:00:00"

    # The Ant schema allows no attributes on <testsuites>: the totals live on each suite.
    root = ET.Element("testsuites")
    for i, file in enumerate(files):
        suite = ET.SubElement(root, "testsuite")
        ET.SubElement(suite, "properties")
        tests = failures = skipped = 0
        below: list[Finding] = []
        for r in rules:
            case = ET.SubElement(
                suite,
                "testcase",
                name=_clean(f"{r.code} {r.name} ({file})"),
                classname=_clean(f"okrkit.{r.group or 'check'}"),
                time="0",
            )
            tests += 1
            every = by_key.get((file, r.name), [])
            found = [f for f in every if report.fails(f)]
            passing = [f for f in every if not report.fails(f)]
            if found:
                failures += 1
                worst = min((f.severity for f in found), key=_RANK.__getitem__)
                failure = ET.SubElement(
                    case,
                    "failure",
                    message=_clean(
                        f"{len(found)} finding{'s' if len(found) != 1 else ''}: {found[0].message}"
                    ),
                    type=worst,
                )
                failure.text = _clean("\n".join(line(f) for f in found))
            below += passing
        for c in skipped_checks:
            case = ET.SubElement(
                suite,
                "testcase",
                name=_clean(f"{c.code} {c.name} ({file})"),
                classname=f"okrkit.{c.group}",
                time="0",
            )
            ET.SubElement(case, "skipped", message="the plan did not load")
            tests += 1
            skipped += 1
        out = ET.SubElement(suite, "system-out")
        if below:
            out.text = _clean("\n".join(line(f) for f in below))
        ET.SubElement(suite, "system-err")
        suite.attrib.update(
            {
                "name": _clean(file),
                "package": _clean(file),
                "id": str(i),
                "timestamp": timestamp,
                "hostname": "localhost",
                "tests": str(tests),
                "failures": str(failures),
                "errors": "0",
                "skipped": str(skipped),
                "time": "0",
            }
        )
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
