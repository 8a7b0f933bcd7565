"""The parsing floor: load a plan folder's YAML files with a C-based safe loader, nothing else.

    python benchmarks/parse_floor.py PLAN_DIR [--lib ruamel|pyyaml]

``ruamel`` (the default, and the floor the performance targets name) is
``ruamel.yaml.YAML(typ="safe", pure=False)``, which parses with libyaml through
``ruamel.yaml.clib``; ``pyyaml`` is PyYAML's ``CSafeLoader``, also libyaml. The benchmark
runner runs this as a whole process, so the figure includes interpreter start-up and the
import of the YAML library, like an okrkit command's figure does.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def plan_files(folder: Path) -> list[Path]:
    """Every ``*.yaml`` / ``*.yml`` file under ``folder``, sorted."""
    if folder.is_file():
        return [folder]
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def loader(lib: str) -> Callable[[bytes], Any]:
    if lib == "ruamel":
        from ruamel.yaml import YAML

        yaml = YAML(typ="safe", pure=False)
        if yaml.Parser.__name__ != "CParser":
            raise SystemExit("parse_floor.py: ruamel.yaml.clib (the C loader) is not installed")
        return yaml.load
    if lib == "pyyaml":
        import yaml as pyyaml

        def load(data: bytes) -> Any:
            return pyyaml.load(data, Loader=pyyaml.CSafeLoader)

        return load
    raise SystemExit(f"parse_floor.py: unknown --lib {lib!r}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan", type=Path)
    parser.add_argument("--lib", default="ruamel", choices=("ruamel", "pyyaml"))
    args = parser.parse_args(argv)
    load = loader(args.lib)
    count = 0
    for path in plan_files(args.plan):
        doc = load(path.read_bytes())
        count += len(doc.get("initiatives", ())) if isinstance(doc, dict) else 0
    print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
