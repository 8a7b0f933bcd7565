"""okrkit: turn a vision kept as YAML into a ranked, funded, conflict-free plan."""

__version__ = "0.1.0"
