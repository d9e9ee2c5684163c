"""The suite's network guard (tests/conftest.py) refuses the internet and allows loopback."""

from __future__ import annotations

import socket

import pytest


def test_connections_beyond_loopback_fail_the_test():
    with pytest.raises(AssertionError, match="tests run offline"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.5)  # TEST-NET-1: never routed
    with pytest.raises(AssertionError, match="tests run offline"):
        socket.getaddrinfo("example.org", 443)


def test_loopback_stays_open():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname(), timeout=2):
            pass
    assert socket.getaddrinfo("localhost", 80)
