"""``python -m okrkit``."""

from okrkit.cli import main

if __name__ == "__main__":
    main()
