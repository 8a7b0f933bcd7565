"""The console-script entry point (``okrkit``) and ``python -m okrkit``.

Kept free of imports at module level: Ctrl-C is handled from the first instruction
okrkit runs, before typer and the core are imported, so an interrupt at any moment
prints one line and exits 130 (README), never a traceback.
"""

import os

try:  # the C module: ``signal`` itself spends milliseconds building enums at import
    import _signal as signal  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - not CPython
    import signal

EXIT_INTERRUPTED = 130


def _interrupted(signum: int, frame: object) -> None:
    """SIGINT: one line, exit 130. Writes are atomic, so stopping anywhere is safe."""
    try:
        os.write(2, b"okrkit: interrupted\n")
    finally:
        os._exit(EXIT_INTERRUPTED)


def main() -> None:
    """Run the command line with Ctrl-C mapped to one line and exit code 130."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupted)
    from okrkit.cli import main as run

    run()


if __name__ == "__main__":
    main()
