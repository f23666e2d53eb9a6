"""charterkg: a knowledge graph of the law of collective security.

>>> import charterkg
>>> kg = charterkg.open()
>>> rows = kg.query("members-as-of", instrument="north-atlantic-treaty", date="2020-01-01")
"""

from .errors import CharterkgError, InputError, RemoteError, UsageError


def open(project=None, *, cache: bool = True):  # noqa: A001 - the documented entry point
    """The charterkg graph: the installed data, or a checkout's (``project``)."""
    from .api import KnowledgeGraph

    return KnowledgeGraph(project, cache=cache)


def __getattr__(name: str):
    # The version is read from the installed metadata (pyproject.toml is its one source) only
    # when asked for: importing importlib.metadata costs ~50 ms on every query otherwise.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("charterkg")
        except PackageNotFoundError:  # running from a checkout without installing
            return "0.0.0"
    raise AttributeError(f"module 'charterkg' has no attribute {name!r}")


__all__ = ["open", "CharterkgError", "InputError", "UsageError", "RemoteError", "__version__"]
