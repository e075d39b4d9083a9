"""The ``errcodes`` pytest plugin (entry point ``pytest11``); being written, intentionally empty."""

from __future__ import annotations
