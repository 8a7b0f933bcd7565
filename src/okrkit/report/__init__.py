"""Reporters: pure functions and classes that turn results into text. They never print."""
