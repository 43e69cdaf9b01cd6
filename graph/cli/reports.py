"""Command-line reports for researchers: who is involved where."""

from __future__ import annotations
