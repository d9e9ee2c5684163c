"""Web app under a bounded loopback load: 2,000 requests at concurrency 8 on a real uvicorn.

The store is the bundled example, ingested into a temporary DuckDB file. The server is
``faultlines serve`` in its own process on 127.0.0.1 (a free port); an httpx async client in this
process sends the requests, cycling through the main API routes (windows, graph of every window, tie evidence,
actor profiles, fractures, what-if, places). Every route is asked once before the clock starts,
so the figures are the served state, not the first analysis (the warm-up time is reported apart).
The baseline is the same load on a trivial static file (``/static/app.css``) in the same run.
Reported: seconds for the whole load, requests per second, p50 and p95 latency, errors (any
status other than 200 or a transport failure).
"""

from __future__ import annotations

import asyncio
import itertools
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx

from faultlines.ingest import ingest
from faultlines.store import Store

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "syria-2017-2018" / "claims.csv"
CONCURRENCY = 8


@contextmanager
def _server(db: Path) -> Iterator[str]:
    """``faultlines serve`` on a free loopback port, until the block ends."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-m", "faultlines", "--db", str(db), "serve", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                httpx.get(base + "/api", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if process.poll() is not None:
                    raise RuntimeError(process.stderr.read().decode()) from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _routes(client: httpx.Client) -> list[str]:
    windows = [w["start"] for w in client.get("/api/windows").json()["windows"]]
    last = client.get("/api/graph").json()
    ties = [f"/api/edges/{e['source']}/{e['target']}" for e in last["edges"][:10]]
    actors = [f"/api/actors/{n['id']}" for n in last["nodes"][:10]]
    return (["/api/windows", "/api/fractures", "/api/places", "/api/summary", "/api/whatif?remove=isis"]
            + [f"/api/graph?window={w}" for w in windows] + ties + actors)


async def _load(base: str, paths: list[str], n: int) -> tuple[list[float], int]:
    queue = iter(itertools.islice(itertools.cycle(paths), n))
    latencies: list[float] = []
    errors = 0

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        for path in queue:
            start = time.perf_counter()
            try:
                response = await client.get(path)
                errors += response.status_code != 200
            except httpx.HTTPError:
                errors += 1
            latencies.append(time.perf_counter() - start)

    limits = httpx.Limits(max_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        await asyncio.gather(*(worker(client) for _ in range(CONCURRENCY)))
    return latencies, errors


def _row(case: str, n: int, ours: tuple[float, list[float], int], base: tuple[float, list[float], int],
         note: str) -> dict:
    (seconds, latencies, errors), (base_seconds, base_latencies, base_errors) = ours, base
    q = statistics.quantiles(latencies, n=100)
    bq = statistics.quantiles(base_latencies, n=100)
    return {"case": case, "seconds": round(seconds, 3), "baseline_seconds": round(base_seconds, 3),
            "ratio": round(seconds / base_seconds, 2), "n": n, "errors": errors, "baseline_errors": base_errors,
            "p50_ms": round(q[49] * 1000, 2), "p95_ms": round(q[94] * 1000, 2),
            "baseline_p50_ms": round(bq[49] * 1000, 2), "baseline_p95_ms": round(bq[94] * 1000, 2),
            "requests_per_second": round(n / seconds, 1),
            "note": f"{errors} errors; p50 {q[49] * 1000:.1f} ms, p95 {q[94] * 1000:.1f} ms "
                    f"(static: {bq[49] * 1000:.1f} / {bq[94] * 1000:.1f} ms); {note}"}


def _timed(base: str, paths: list[str], n: int) -> tuple[float, list[float], int]:
    start = time.perf_counter()
    latencies, errors = asyncio.run(_load(base, paths, n))
    return time.perf_counter() - start, latencies, errors


def bench_web(*, scale: float = 1.0) -> list[dict]:
    n = max(100, int(2000 * scale))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "web.duckdb"
        with Store(db) as store:
            ingest(store, [EXAMPLE])
        with _server(db) as base:
            warm = time.perf_counter()
            with httpx.Client(base_url=base, timeout=300) as client:
                paths = _routes(client)
                for path in paths:
                    client.get(path).raise_for_status()
            warm = time.perf_counter() - warm
            baseline = _timed(base, ["/static/app.css"], n)
            ours = _timed(base, paths, n)
    return [_row(f"{n:,} API requests, concurrency {CONCURRENCY}", n, ours, baseline,
                 f"{len(paths)} routes; first analysis (warm-up) {warm:.1f} s")]
