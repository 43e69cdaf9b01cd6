"""The `html` command: the interactive HTML explorer of the graph."""

from __future__ import annotations
