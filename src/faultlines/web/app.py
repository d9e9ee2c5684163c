"""The FastAPI app: the explorer page, its JSON twins under ``/api/``, the static files.

Pages (``/``, ``/actors/{id}``, ``/edges/{a}/{b}``, ``/fractures``, ``/whatif``, ``/map``) all
serve the one-page explorer, which opens the view the path names; each page's response has a
``Link: <...>; rel="alternate"; type="application/json"`` header to its JSON twin. The API's data
comes from :class:`~faultlines.web.explorer.Explorer`, which builds it with the report functions
the brief uses. Errors have one shape (``web/security.py``). The OpenAPI description is at
``/openapi.json``; the interactive docs pages are off, since they load scripts from a CDN.
"""

from __future__ import annotations

import json
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from faultlines import __version__
from faultlines.errors import FaultlinesError, UsageError
from faultlines.store import Store
from faultlines.web.explorer import Explorer
from faultlines.web.security import HEADERS, error_body, status_of

STATIC = Path(__file__).parent / "static"
WindowQuery = Annotated[str | None, Query(description="The window's start date (YYYY-MM-DD); default: the last.")]


class Json(JSONResponse):
    """JSON kept as UTF-8 text (names in any script stay readable)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


class SecurityHeaders:
    """ASGI middleware: the security headers (CSP first) on every response."""

    def __init__(self, app) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)
        await self.app(scope, receive, send_with_headers)


def _errors(app: FastAPI) -> None:
    def reply(error: FaultlinesError, status: int | None = None) -> Json:
        status = status or status_of(error)
        return Json(error_body(error, status), status_code=status)

    @app.exception_handler(FaultlinesError)
    async def coded(_: Request, e: FaultlinesError) -> Json:
        return reply(e)

    @app.exception_handler(HTTPException)
    async def http(request: Request, e: HTTPException) -> Json:
        if e.status_code == 404:
            return reply(UsageError("E802", path=request.url.path), 404)
        return reply(UsageError("E803", reason=str(e.detail)), e.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, e: RequestValidationError) -> Json:
        reason = "; ".join(f"{'.'.join(map(str, x['loc']))}: {x['msg']}" for x in e.errors())
        return reply(UsageError("E803", reason=reason), 422)

    @app.exception_handler(Exception)
    async def failed(request: Request, e: Exception) -> Json:
        return reply(UsageError("E804", path=request.url.path, reason=type(e).__name__), 500)


def _page_of(html, twin: str):
    def page(request: Request) -> Response:
        return html(request, twin)
    return page


def _pages(app: FastAPI) -> None:
    page = (STATIC / "index.html").read_bytes()

    def html(request: Request, twin: str) -> Response:
        query = f"?{request.url.query}" if request.url.query else ""
        return Response(page, media_type="text/html; charset=utf-8",
                        headers={"Link": f'<{twin}{query}>; rel="alternate"; type="application/json"'})

    routes = {"/": "/api/graph", "/fractures": "/api/fractures", "/whatif": "/api/whatif", "/map": "/api/places"}
    for path, twin in routes.items():
        app.add_api_route(path, _page_of(html, twin), methods=["GET"], include_in_schema=False)

    @app.get("/actors/{actor}", include_in_schema=False)
    def actor_page(request: Request, actor: str) -> Response:
        return html(request, f"/api/actors/{quote(actor)}")

    @app.get("/edges/{a}/{b}", include_in_schema=False)
    def edge_page(request: Request, a: str, b: str) -> Response:
        return html(request, f"/api/edges/{quote(a)}/{quote(b)}")


def _api(app: FastAPI, explorer: Explorer) -> None:
    @app.get("/api", summary="The API's routes")
    def index() -> Json:
        return Json({"version": __version__, "routes": sorted(r.path for r in app.routes if r.path.startswith("/api/")),
                     "openapi": "/openapi.json"})

    @app.get("/api/summary", summary="Period, counts, headlines, coalitions, balance, common-enemy test")
    def summary() -> Json:
        return Json(explorer.summary())

    @app.get("/api/windows", summary="The windows of the series, with the size of each standing network")
    def windows() -> Json:
        return Json({"windows": explorer.windows()})

    @app.get("/api/graph", summary="A window's standing network: actors in coalitions, signed ties, frustrated ties")
    def graph(window: WindowQuery = None) -> Json:
        return Json(explorer.graph(window))

    @app.get("/api/edges/{a}/{b}", summary="A tie's history and the claims behind it, with their evidence")
    def edge(a: str, b: str, window: WindowQuery = None) -> Json:
        return Json(explorer.edge(a, b, window))

    @app.get("/api/actors", summary="The actors on record")
    def actors() -> Json:
        return Json({"actors": explorer.actors()})

    @app.get("/api/actors/{actor}", summary="An actor's profile: names, affiliations, coalitions, dyad timelines")
    def actor(actor: str) -> Json:
        return Json(explorer.actor(actor))

    @app.get("/api/fractures", summary="The ranked fractures as the brief has them, with evidence and quotes")
    def fractures() -> Json:
        return Json(explorer.fractures())

    @app.get("/api/whatif", summary="Remove actors from a window's standing network: who changes side")
    def whatif(remove: Annotated[list[str], Query(description="An actor id or name (repeatable).")] = [],  # noqa: B006
               window: WindowQuery = None) -> Json:
        return Json(explorer.whatif(remove, window))

    @app.get("/api/places", summary="Where the actors are: country and capital coordinates")
    def places() -> Json:
        return Json(explorer.places())


def create_app(db: str | Path, *, window: str = "month") -> FastAPI:
    """The web app over the store ``db``, opened read-only for as long as the app runs."""
    store = Store(db, read_only=True)
    explorer = Explorer(store, window=window)

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        yield
        with explorer.lock:
            store.close()

    app = FastAPI(title="Faultlines", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Explore the signed network of a conflict's actors: ties over time, their evidence, "
                              "coalitions, fractures and what-if scenarios (docs/web.md).")
    app.state.explorer = explorer
    _errors(app)
    _api(app, explorer)
    _pages(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(SecurityHeaders)
    return app
