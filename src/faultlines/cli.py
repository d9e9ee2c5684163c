"""The `faultlines` command. Each command is a thin call into the library; no analysis lives here.

Exit codes: 0 ok; 1 user error (the message has its code and the fix); 2 the ingest finished but
some rows were rejected.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from faultlines import __version__
from faultlines.catalogue import check_catalogue, load_catalogue
from faultlines.errors import FaultlinesError, UsageError
from faultlines.ingest import IngestReport, ensure_catalogue, files_to_ingest, ingest, make_extractor
from faultlines.ingest.documents import read_documents
from faultlines.model import parse_date
from faultlines.model.dyads import DyadParams
from faultlines.report.analysis import balance_record, coalitions_record, scenario_record, windowed_graphs
from faultlines.report.records import actor_record, claim_record, dyad_record, extraction_record
from faultlines.scenario import Change, what_if
from faultlines.store import Store, default_db_path

app = typer.Typer(help="Faultlines: where alliances crack, with the evidence.", no_args_is_help=True,
                  invoke_without_command=True, pretty_exceptions_enable=False, add_completion=False)
catalogue_app = typer.Typer(help="Check actor catalogue files.", no_args_is_help=True)
app.add_typer(catalogue_app, name="catalogue")
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
EXAMPLE = Path(__file__).parent / "examples" / "syria-2017-2018" / "claims.csv"
DEMO_DB = "faultlines-demo.duckdb"

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON with stable field names.")]


class State:
    db: Optional[Path] = None


def _db() -> Path:
    return State.db or default_db_path()


def _print_json(data: object) -> None:
    out.print_json(json.dumps(data, ensure_ascii=False, default=str), indent=2)


@app.callback()
def _main(
    ctx: typer.Context,
    db: Annotated[Optional[Path], typer.Option("--db", envvar="FAULTLINES_DB",
                                               help="The store file (default: $FAULTLINES_DB, else ./faultlines.duckdb).")] = None,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        out.print(f"faultlines {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        out.print(ctx.get_help())
        raise typer.Exit()
    State.db = db


@app.command()
def init(
    catalogue: Annotated[Optional[list[str]], typer.Option("--catalogue", "-c",
                                                           help="Bundled catalogue name or path (repeatable).")] = None,
) -> None:
    """Create the store (or upgrade it) and load the actor catalogue into it (default: syria)."""
    with Store(_db()) as store:
        cat = ensure_catalogue(store, *(catalogue or ("syria",)))
        out.print(f"{store.path}: {len(cat.actors)} actors, {len(cat.affiliations)} affiliations, "
                  f"{len(cat.coalitions)} coalitions from catalogue(s) {', '.join(cat.names)}.")


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Claims files (.csv, .jsonl) or folders of them.")],
    as_json: JsonOpt = False,
) -> None:
    """Read files into the store; bad rows are reported with their line, the rest are stored."""
    files = files_to_ingest(paths)
    with Store(_db()) as store, Progress(console=err, transient=True,
                                          disable=as_json or not err.is_terminal) as progress:
        task = progress.add_task("ingesting", total=len(files))
        reports = ingest(store, files, on_file=lambda _: progress.advance(task))
    _show_reports(reports, as_json)
    if any(r.n_rejected for r in reports):
        raise typer.Exit(2)


def _show_reports(reports: list[IngestReport], as_json: bool) -> None:
    if as_json:
        _print_json([{"path": r.path, "n_rows": r.n_rows, "n_claims": r.n_claims, "n_rejected": r.n_rejected,
                      "n_provisional": r.n_provisional,
                      "problems": [{"code": p.code, "line": p.line, "text": p.text} for p in r.problems]}
                     for r in reports])
        return
    for r in reports:
        out.print(f"{r.path}: {r.n_rows} rows, {r.n_claims} claims stored, {r.n_rejected} rejected, "
                  f"{r.n_provisional} provisional actors.")
        for p in r.problems:
            (err if p.is_error else out).print(f"  {p.text}", markup=False)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Texts (.txt, .md, .html), feeds, URL lists or folders.")],
    catalogue: Annotated[Optional[list[str]], typer.Option("--catalogue", "-c", help="Catalogue name or path "
                                                           "(repeatable; default: syria).")] = None,
    on_error: Annotated[str, typer.Option(help="skip: report a document that fails and go on; raise: stop.")] = "skip",
    as_json: JsonOpt = False,
) -> None:
    """Extract mentions, claims and quotes from texts and print them (no store needed)."""
    cat = load_catalogue(*(catalogue or ("syria",)))
    found = read_documents(files_to_ingest(paths), catalogue=cat)
    extractor = make_extractor(cat)
    records = []
    for doc in found.documents:
        try:
            records.append(extraction_record(extractor.extract(doc), cat))
        except Exception as e:  # noqa: BLE001 - one bad document must not lose the others
            if on_error == "raise":
                raise
            err.print(f"  {doc.url or doc.id}: extraction failed ({type(e).__name__}: {e}); skipped.", markup=False)
    for p in found.problems:
        err.print(f"  {p.text}", markup=False)
    if as_json:
        _print_json(records)
        return
    for r in records:
        out.print(f"[bold]{r['document']['title'] or r['document']['id']}[/bold]: {len(r['mentions'])} mentions, "
                  f"{len(r['claims'])} claims, {len(r['quotes'])} quotes")
        for c in r["claims"]:
            out.print(f"  {c['source']['name']} {c['relation']} {c['target']['name']} ({c['modality']}, "
                      f"{c['occurred_at']}): {c['evidence']['text']}", markup=False)


@app.command()
def actors(
    query: Annotated[Optional[str], typer.Argument(help="An id or any name; omit to list all.")] = None,
    kind: Annotated[Optional[str], typer.Option(help="Only actors of this kind (state, person ...).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show an actor (resolving the name through the catalogue) or list actors."""
    with Store(_db(), read_only=True) as store:
        cat = store.catalogue()
    if query is not None:
        found = [cat.actors[cat.resolve_id(query)]]
    else:
        found = [a for a in cat.actors.values() if kind is None or a.kind == kind]
    if as_json:
        _print_json([actor_record(a, cat) for a in found])
        return
    table = Table("id", "name", "kind", "country", "aliases", "links")
    for a in found:
        links = "; ".join(f"{x.relation} {x.parent}" for x in cat.affiliations_of(a.id) if x.relation != "holds_office")
        table.add_row(a.id, a.name, a.kind, a.country or "", ", ".join(a.aliases[:4]), links)
    out.print(table)


@app.command()
def claims(
    actor: Annotated[Optional[str], typer.Option(help="Only claims with this actor on either side (id or name).")] = None,
    since: Annotated[Optional[str], typer.Option(help="From this date (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Up to this date, inclusive.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="At most this many claims.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List stored claims with their evidence."""
    start = _day(since, "since")
    end = _day(until, "until", last=True)
    if start and end and start > end:
        raise UsageError("E401", value=since, until=until)
    with Store(_db(), read_only=True) as store:
        cat = store.catalogue()
        actor_id = cat.resolve_id(actor) if actor else None
        found = store.claims(actor=actor_id, since=start, until=end, limit=limit)
        docs = store.documents([e.doc_id for c in found for e in c.evidence if hasattr(e, "doc_id")])
        records = [claim_record(c, cat, docs, store.sources()) for c in found]
    if as_json:
        _print_json(records)
        return
    table = Table("date", "source", "relation", "target", "weight", "outlet", "evidence")
    for r in records:
        span = next((e for e in r["evidence"] if e["kind"] == "span"), {})  # type: ignore[union-attr]
        outlet = (span.get("outlet") or {}).get("name", "")
        table.add_row(r["occurred_at"], r["source"]["name"], r["relation"], r["target"]["name"],  # type: ignore[index]
                      f"{r['weight']:+.1f}", outlet, span.get("text") or "")
    out.print(table)


def _day(value: str | None, option: str, *, last: bool = False) -> dt.date | None:
    if value is None:
        return None
    try:
        day, precision = parse_date(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not YYYY, YYYY-MM or YYYY-MM-DD", param_hint=f"--{option}") from None
    if last and precision != "day":
        from faultlines.model import period_end
        return period_end(day, precision) - dt.timedelta(days=1)
    return day


@app.command()
def dyads(
    window: Annotated[str, typer.Option(help="day, week, month, quarter, year, all, or sliding.")] = "month",
    size: Annotated[Optional[int], typer.Option(help="Sliding windows: length in days.")] = None,
    step: Annotated[Optional[int], typer.Option(help="Sliding windows: step in days.")] = None,
    directed: Annotated[bool, typer.Option(help="Keep A->B apart from B->A.")] = False,
    since: Annotated[Optional[str], typer.Option(help="Only claims from this date.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Only claims up to this date, inclusive.")] = None,
    tolerance: Annotated[int, typer.Option(help="Days within which reports are one happening.")] = 2,
    half_life: Annotated[Optional[float], typer.Option(help="Decay inside a window, in days.")] = None,
    actor: Annotated[Optional[str], typer.Option(help="Only pairs with this actor (id or name).")] = None,
    rollup: RollupOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Score every pair of actors per time window (docs/scoring.md)."""
    params = DyadParams(window=window, directed=directed, rollup=rollup, size_days=size, step_days=step,
                        since=_day(since, "since"),
                        until=_day(until, "until", last=True), tolerance_days=tolerance, half_life_days=half_life)
    with Store(_db(), read_only=True) as store:
        cat = store.catalogue()
        actor_id = cat.resolve_id(actor) if actor else None
        scores = [s for s in store.dyad_scores(params) if actor_id in (None, s.a, s.b)]
    records = [dyad_record(s, cat) for s in scores]
    if as_json:
        _print_json(records)
        return
    table = Table("window", "pair", "score", "claims", "happenings", "sources")
    for r in records:
        table.add_row(f"{r['start']} – {r['end']}", f"{r['a']['name']} – {r['b']['name']}", f"{r['score']:+.2f}",
                      str(r["n_claims"]), str(r["n_happenings"]), str(r["n_independent_sources"]))
    out.print(table)


EdgesOpt = Annotated[Optional[Path], typer.Option("--edges", help="A signed edge list CSV (source,target,sign"
                                                   "[,weight][,window]) instead of the store.")]
WindowOpt = Annotated[str, typer.Option(help="Store windows: day, week, month, quarter, year or all.")]
AtOpt = Annotated[Optional[str], typer.Option(help="Only the store window containing this date.")]
TimeOpt = Annotated[Optional[float], typer.Option("--time-limit", help="Seconds per exact solve; the best "
                                                  "solution so far is returned with its gap.")]
MinOpt = Annotated[int, typer.Option("--min-happenings", help="Store ties need this many happenings.")]
RollupOpt = Annotated[bool, typer.Option(help="Score forces, bodies and office holders as the state or group "
                                         "they belong to (proxies stay themselves).")]


def _graphs(edges: Path | None, window: str, at: str | None, min_happenings: int, rollup: bool):
    if edges is not None:
        found, problems = windowed_graphs(edges=edges)
    else:
        with Store(_db(), read_only=True) as store:
            found, problems = windowed_graphs(store=store, params=DyadParams(window=window, rollup=rollup),
                                              at=_day(at, "at"), min_happenings=min_happenings)
    for p in problems:
        err.print(f"  {p.text}", markup=False)
    return found, edges is None or any(label is not None for label, _ in found)


def _emit(results: list[tuple[str | None, dict]], windowed: bool, as_json: bool, show) -> None:
    data = {"windows": [{"window": label, **r} for label, r in results]} if windowed else results[0][1]
    if as_json:
        _print_json(data)
        return
    for label, record in results:
        out.print(f"[bold]{label or 'all'}[/bold]: {show(record)}")


@app.command()
def balance(edges: EdgesOpt = None, window: WindowOpt = "year", at: AtOpt = None,
            weighted: Annotated[bool, typer.Option(help="Count tie weights, not only signs.")] = False,
            time_limit: TimeOpt = None, min_happenings: MinOpt = 1, rollup: RollupOpt = True,
            as_json: JsonOpt = False) -> None:
    """Structural balance: the exact frustration index (with proof), optimal bipartition, triangle balance."""
    graphs, windowed = _graphs(edges, window, at, min_happenings, rollup)
    results = [(label, balance_record(G, weighted=weighted, time_limit=time_limit)) for label, G in graphs]
    _emit(results, windowed, as_json, lambda r: (
        f"frustration {r['frustration_index']:g} ({'proven' if r['optimal'] else 'gap ' + format(r['gap'], '.1%')}), "
        f"{r['n_nodes']} actors, {r['n_edges']} ties; sides {r['partition']}"))


@app.command()
def coalitions(edges: EdgesOpt = None, window: WindowOpt = "year", at: AtOpt = None,
               k: Annotated[Optional[int], typer.Option("--k", help="Number of coalitions; omit for free k.")] = None,
               alpha: Annotated[float, typer.Option(help="Weight of hostile ties inside a coalition (1-alpha: "
                                                    "friendly ties between).")] = 0.5,
               time_limit: TimeOpt = None, min_happenings: MinOpt = 1, rollup: RollupOpt = True,
               as_json: JsonOpt = False) -> None:
    """Partition actors into coalitions (Doreian–Mrvar criterion), exact with proof on small graphs."""
    graphs, windowed = _graphs(edges, window, at, min_happenings, rollup)
    results = [(label, coalitions_record(G, k=k, alpha=alpha, time_limit=time_limit)) for label, G in graphs]
    _emit(results, windowed, as_json, lambda r: (
        f"{r['k']} coalitions, disagreements {r['disagreements']:g}{' (proven)' if r['optimal'] else ''}: {r['groups']}"))


@app.command()
def scenario(edges: EdgesOpt = None, window: WindowOpt = "all", at: AtOpt = None,
             remove: Annotated[Optional[list[str]], typer.Option(help="Remove this actor (repeatable).")] = None,
             flip: Annotated[Optional[list[str]], typer.Option(help="Flip the tie U:V (repeatable).")] = None,
             add: Annotated[Optional[list[str]], typer.Option(help="Set the tie U:V:WEIGHT (repeatable).")] = None,
             drop: Annotated[Optional[list[str]], typer.Option(help="Drop the tie U:V (repeatable).")] = None,
             k: Annotated[Optional[int], typer.Option("--k", help="Number of coalitions; omit for free k.")] = None,
             time_limit: TimeOpt = None, min_happenings: MinOpt = 1, rollup: RollupOpt = True,
             as_json: JsonOpt = False) -> None:
    """What if: remove actors (the common enemy) or change ties, and see who changes side."""
    graphs, windowed = _graphs(edges, window, at, min_happenings, rollup)
    changes = ([Change("remove_actor", a) for a in remove or []] + [Change("flip_edge", *_tie(t, 2)) for t in flip or []]
               + [Change("add_edge", *_tie(t, 3)) for t in add or []] + [Change("drop_edge", *_tie(t, 2)) for t in drop or []])
    results = [(label, scenario_record(what_if(G, changes, k=k, time_limit=time_limit))) for label, G in graphs]
    _emit(results, windowed, as_json, lambda r: (
        f"frustration {r['before']['frustration_index']:g} -> {r['after']['frustration_index']:g}; "
        f"moved: {', '.join(m['actor'] for m in r['moved']) or 'nobody'}"))


def _tie(text: str, parts: int) -> tuple:
    values = text.split(":")
    if len(values) != parts:
        raise typer.BadParameter(f"'{text}' should be {'U:V' if parts == 2 else 'U:V:WEIGHT'}")
    return (*values[:2], float(values[2])) if parts == 3 else tuple(values)


@catalogue_app.command("check")
def catalogue_check(
    paths: Annotated[list[str], typer.Argument(help="Catalogue YAML files or folders, or bundled names.")],
    as_json: JsonOpt = False,
) -> None:
    """Check catalogue files: every problem with its code, file and line. Exit 1 if any."""
    problems = check_catalogue(*paths)
    if as_json:
        _print_json([{"code": p.code, "path": p.path, "line": p.line, "text": p.text} for p in problems])
    else:
        for p in problems:
            out.print(p.text, markup=False)
        if not problems:
            cat = load_catalogue(*paths)
            out.print(f"ok: {len(cat.actors)} actors, {len(cat.affiliations)} affiliations, "
                      f"{len(cat.coalitions)} coalitions in {', '.join(cat.names)}.")
    if problems:
        raise typer.Exit(1)


@app.command()
def demo() -> None:
    """Run the main job on the bundled Syria 2017-2018 example and print what it found."""
    db = State.db or Path(DEMO_DB)
    with Store(db) as store:
        reports = ingest(store, [EXAMPLE])
        summary = store.summary()
        overall = store.dyad_scores(DyadParams(window="all"))
        cat = store.catalogue()
    _show_reports(reports, as_json=False)
    _show_summary(db, summary, sorted(overall, key=lambda d: d.score), cat)


def _show_summary(db: Path, s: dict, dyads: list, cat) -> None:
    counts = s["counts"]
    out.print(f"\nStore {db}: {counts['claims']} claims among {s['n_actors_involved']} actors, "
              f"from {s['first']} to {s['last']}, reported by {s['n_outlets']} outlets; "
              f"{counts['actors']} actors in the catalogue.")
    out.print("Claims by relation: " + ", ".join(f"{k} {v}" for k, v in s["by_relation"].items()))
    for title, rows in (("Most hostile pairs", dyads[:8]), ("Most cooperative pairs", dyads[::-1][:8])):
        table = Table("pair", "score", "claims", "happenings", "outlets", title=title)
        for d in rows:
            table.add_row(f"{cat.actors[d.a].name} – {cat.actors[d.b].name}", f"{d.score:+.1f}", str(d.n_claims),
                          str(d.n_happenings), str(d.n_independent_sources))
        out.print(table)


def main() -> None:
    """Entry point: exit 1 with the code and fix for user errors (bad options included), 2 for rejected rows."""
    try:
        code = app(standalone_mode=False)
    except FaultlinesError as e:
        err.print(f"Error {e}", markup=False)
        sys.exit(1)
    except typer.TyperException as e:  # bad options or arguments
        e.show()
        sys.exit(1)
    except typer.Abort:
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
