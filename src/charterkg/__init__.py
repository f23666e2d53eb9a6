"""charterkg: a knowledge graph of the law of collective security.

>>> import charterkg
>>> kg = charterkg.open()
>>> rows = kg.query("members-as-of", instrument="north-atlantic-treaty", date="2020-01-01")
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("charterkg")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0.0.0"

from .errors import CharterkgError, InputError, RemoteError, UsageError  # noqa: E402


def open(project=None, *, cache: bool = True):  # noqa: A001 - the documented entry point
    """The charterkg graph: the installed data, or a checkout's (``project``)."""
    from .api import KnowledgeGraph

    return KnowledgeGraph(project, cache=cache)


__all__ = ["open", "CharterkgError", "InputError", "UsageError", "RemoteError", "__version__"]
