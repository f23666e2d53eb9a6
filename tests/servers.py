"""Real servers for the tests, started on loopback and stopped by their process id."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 4
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as resp:
            if resp.status < 500:
                return
        time.sleep(0.2)
    raise RuntimeError(f"server not ready at {url} after {seconds} s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


def oxigraph_binary() -> str | None:
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.exists() else shutil.which("oxigraph")


@contextlib.contextmanager
def oxigraph_server(tmp: Path):
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("the 'oxigraph' server is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp), "--bind",
                             f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/query?query=ASK%7B%7D", 30, proc)
        yield {"store": base + "/store", "query": base + "/query", "pid": proc.pid}
    finally:
        stop(proc)


@contextlib.contextmanager
def virtuoso_server(tmp: Path):
    binary = shutil.which("virtuoso-t")
    if binary is None:
        raise RuntimeError("Virtuoso (virtuoso-t) is not installed: .ci/run installs Debian's "
                           "virtuoso-opensource-7-bin")
    http, sql = free_port(), free_port()
    ini = tmp / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=tmp, http=http, sql=sql))
    proc = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=tmp,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{http}"
        wait_for(base + "/sparql?query=ASK%7B%7D", 90, proc)
        yield {"store": base + "/sparql-graph-crud-auth", "query": base + "/sparql",
               "user": "dba", "password": "dba", "pid": proc.pid}
    finally:
        stop(proc)
