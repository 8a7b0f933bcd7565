"""Careful edits of plan files: atomic writes and minimal text edits.

- :mod:`okrkit.edit.atomic`: :func:`~okrkit.edit.atomic.atomic_write_text` replaces a file
  atomically (temporary file in the same folder, fsync, rename), keeping its permissions,
  and refuses to write when the file changed on disk since it was read.
- :mod:`okrkit.edit.checkin`: appends a check-in to a key result by inserting text into
  the file, so comments, key order, quoting and line endings stay byte for byte.
"""
