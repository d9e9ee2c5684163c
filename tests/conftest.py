"""Shared fixtures: real DuckDB files in temporary folders, the bundled catalogues, ../shared data."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import pytest

from faultlines.catalogue import Catalogue, load_catalogue
from faultlines.store import Store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "examples" / "syria-2017-2018" / "claims.csv"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the shared reference data is missing: expected it at {SHARED} (beside the clone)")
    return SHARED


@pytest.fixture(scope="session")
def syria() -> Catalogue:
    """The bundled syria catalogue with the world catalogue it requires."""
    return load_catalogue("syria")


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture()
def store(db_path: Path):
    with Store(db_path) as s:
        yield s


def _loopback(host: object) -> bool:
    if host in (None, "", "localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """The suite runs offline: a connection or name lookup beyond this machine fails the test.

    Tests talk to servers they start on 127.0.0.1; anything else is a test (or code) reaching for
    the internet. Subprocesses are not covered; docs/extraction.md says how to run the whole suite
    in a namespace without a network.
    """
    connect, connect_ex, getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def check(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
            raise AssertionError(f"a test tried to reach {address} over the network; tests run offline")

    def guarded_connect(sock, address):
        check(sock, address)
        return connect(sock, address)

    def guarded_connect_ex(sock, address):
        check(sock, address)
        return connect_ex(sock, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if not _loopback(host if not isinstance(host, bytes) else host.decode()):
            raise AssertionError(f"a test tried to look up {host!r}; tests run offline")
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
