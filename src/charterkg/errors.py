"""Errors that the library raises and the command maps to exit codes.

Every message is one line a person can act on: the file (and line where there is one) and what
is wrong. The command prints it to stderr and exits with ``exit_code``; it never prints a
traceback for these.
"""

from __future__ import annotations


class CharterkgError(Exception):
    """Base class: something the user gave or asked for is wrong."""

    exit_code = 2


class InputError(CharterkgError):
    """A file could not be read or parsed (exit 2)."""


class UsageError(CharterkgError):
    """A command, query name or parameter is wrong (exit 2)."""


class RemoteError(CharterkgError):
    """A remote store or endpoint refused or failed (exit 2)."""


def location(path: str, line: int | None = None, column: int | None = None) -> str:
    """Format ``file:line:column`` for messages, leaving out what is unknown."""
    out = str(path)
    if line is not None:
        out += f":{line}"
        if column is not None:
            out += f":{column}"
    return out
