"""Happenings and window scores from arrays of reports, in numpy (the rules of docs/scoring.md).

:mod:`faultlines.store.dyads` fetches one entry per report from DuckDB as integers and floats;
this module groups them. Every grouping is one sort of packed integer keys followed by a
reduction over the runs of equal keys: three sorts for the whole aggregation (reports by pair,
relation and day; reports by happening and outlet; a happening's outlets by window, pair and
outlet), and no Python object per report. Many reports are split by pair and scored in two
threads (:func:`score_reports`). Large temporary arrays are few and reused where
possible: on a small machine, touching fresh memory costs as much as the arithmetic.

>>> reports = Reports(key=np.array([0, 1, 9]), w=np.array([-2.0, -4.0, 1.0]), conf=np.array([0.5, 0.5, 1.0]),
...                   sw=np.array([1.0, 1.0, 0.6]), outlet=np.array([0, 1, 0]), day0=0, stride=13,
...                   n_actors=2, n_relations=1, n_outlets=2)
>>> cells, rows = score_reports(reports, DyadParams(window="all"))
>>> cells.score.tolist(), cells.n_claims.tolist(), cells.n_happenings.tolist(), cells.n_sources.tolist()
([-1.65], [3], [2], [2])

Days 0 and 1 are one happening (mean weight -3, two outlets at 0.5: confidence 0.75, so
``-3 * 0.75 * 1.0 = -2.25``); day 9 is another (``1 * 1.0 * 0.6``).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from faultlines.model.dyads import DyadParams

_INT = np.int64


@dataclass(frozen=True)
class Reports:
    """One entry per report, as DuckDB hands them over.

    ``key`` orders the reports by pair, relation and day: ``group * stride + day - day0``, where
    ``group`` numbers the pair and relation (``pair * n_relations + relation``, a pair being
    ``a * n_actors + b``) and ``day`` counts days since 1970-01-01 (see :func:`stride`). ``w``,
    ``conf`` and ``sw`` are the report's weight, confidence and source weight, ``outlet`` its
    outlet's number (below ``n_outlets``).
    """

    key: np.ndarray
    w: np.ndarray
    conf: np.ndarray
    sw: np.ndarray
    outlet: np.ndarray
    day0: int
    stride: int
    n_actors: int
    n_relations: int
    n_outlets: int


def stride(first_day: int, last_day: int, tolerance: int) -> int:
    """The stride of :attr:`Reports.key` for days in ``[first_day, last_day]``: wider than the
    days by more than ``tolerance``, so consecutive keys of different groups are never within
    tolerance of each other, and one comparison of keys finds where happenings open."""
    span = last_day - first_day + 1
    return span + min(tolerance, span) + 1


@dataclass(frozen=True)
class Cells:
    """One score per pair and window ``[start, end)`` (days since 1970-01-01)."""

    start: np.ndarray
    end: np.ndarray
    pair: np.ndarray
    score: np.ndarray
    n_claims: np.ndarray
    n_happenings: np.ndarray
    n_sources: np.ndarray


@dataclass(frozen=True)
class ClaimRows:
    """The claims behind the scores: report ``report[i]`` (an index into the reports) counts in
    cell ``cell[i]``; a report is in as many rows as windows containing its happening.
    ``report`` is None when each report is in one row, in order."""

    report: np.ndarray | None
    cell: np.ndarray


def _index(n: int) -> type:
    """The integer type for positions among ``n`` entries: half the memory when it fits."""
    return np.int32 if n < 1 << 31 else np.int64


def sort_keys(keys: np.ndarray, bound: int, *, inplace: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """``keys`` (integers in ``[0, bound)``) sorted, and the stable permutation that sorts them.

    The entries' positions are packed into the low bits of the keys when they fit in 63 bits, and
    those plain integers sorted: several times faster than ``argsort``. Otherwise ``argsort``.
    ``inplace``: sort in the memory of ``keys`` (int64).

    >>> [a.tolist() for a in sort_keys(np.array([3, 1, 3, 0]), 4)]
    [[0, 1, 3, 3], [3, 1, 0, 2]]
    """
    n = len(keys)
    shift = max(n - 1, 1).bit_length()
    if bound > 1 << (63 - shift):
        order = np.argsort(keys, kind="stable")
        return keys[order], order
    packed = keys if inplace else keys.astype(_INT)
    packed <<= shift
    order = np.arange(n, dtype=_index(n))
    packed |= order
    packed.sort()
    np.bitwise_and(packed, (1 << shift) - 1, out=order, casting="unsafe")
    packed >>= shift
    return packed, order


def _starts(sorted_keys: np.ndarray) -> np.ndarray:
    """Positions where a run of equal keys starts (the keys sorted, not empty)."""
    new = np.empty(len(sorted_keys), dtype=bool)
    new[0] = True
    np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=new[1:])
    return np.flatnonzero(new)


def _run_ids(starts: np.ndarray, n: int) -> np.ndarray:
    """For each of ``n`` sorted entries, the number of its run."""
    ids = np.zeros(n, dtype=_index(n))
    ids[starts[1:]] = 1
    return np.cumsum(ids, out=ids)


def _gaps_above(key: np.ndarray, tolerance: int, out: np.ndarray, chunk: int = 1 << 20) -> None:
    """``out[i] = key[i + 1] - key[i] > tolerance``, a chunk at a time (no array as long as ``key``)."""
    for i in range(0, len(out), chunk):
        j = min(i + chunk, len(out))
        np.greater(key[i + 1:j + 1] - key[i:j], tolerance, out=out[i:j])


def _expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Entry ``i`` repeated ``counts[i]`` times: each copy's parent and its rank among the copies."""
    parent = np.repeat(np.arange(len(counts), dtype=_INT), counts)
    offsets = np.cumsum(counts) - counts
    return parent, np.arange(len(parent), dtype=_INT) - offsets[parent]


@dataclass(frozen=True)
class _Happenings:
    day: np.ndarray           # first day of each happening (days since 1970-01-01)
    pair: np.ndarray
    value: np.ndarray         # weight x confidence x source weight
    n_claims: np.ndarray
    entry_h: np.ndarray       # per (happening, outlet) entry, in order: the happening ...
    entry_outlet: np.ndarray  # ... and the outlet
    entry_of_report: np.ndarray


def _happenings(r: Reports, tolerance: int, *, own_key: bool = False) -> _Happenings:
    """Reports of one pair and relation whose day is within ``tolerance`` of the previous report's
    are one happening; each outlet counts once per happening, at its most confident report."""
    n = len(r.key)
    # own_key: r.key is a copy of ours, so it is sorted in place
    key, order = sort_keys(r.key, r.n_actors * r.n_actors * r.n_relations * r.stride, inplace=own_key)
    opens = np.empty(n, dtype=bool)
    opens[0] = True
    _gaps_above(key, tolerance, opens[1:])
    first = np.flatnonzero(opens)
    first_key = key[first]
    del key
    happening = np.cumsum(opens, dtype=_INT)
    del opens
    happening -= 1
    n_claims = np.diff(first, append=n)
    value = np.add.reduceat(np.take(r.w, order), first)
    value /= n_claims
    value *= np.maximum.reduceat(np.take(r.sw, order), first)
    # (happening, outlet) entries, each at its outlet's most confident report
    happening *= r.n_outlets
    happening += np.take(r.outlet, order)
    by_entry, order2 = sort_keys(happening, len(first) * r.n_outlets, inplace=True)
    np.take(order, order2, out=order2)  # the report at each position of by_entry
    del order
    entries = _starts(by_entry)
    entry_h, entry_outlet = np.divmod(by_entry[entries], r.n_outlets)
    del by_entry
    conf = np.maximum.reduceat(np.take(r.conf, order2), entries)
    np.subtract(1, conf, out=conf)
    value *= 1 - np.multiply.reduceat(conf, _starts(entry_h))
    entry_of_report = np.empty(n, dtype=_index(len(entries)))
    entry_of_report[order2] = _run_ids(entries, n)
    group, day = np.divmod(first_key, r.stride)
    day += r.day0
    group //= r.n_relations
    return _Happenings(day, group, value, n_claims, entry_h, entry_outlet, entry_of_report)


def _calendar(day: np.ndarray, window: str) -> tuple[np.ndarray, np.ndarray]:
    """The calendar window ``[start, end)`` of each day; weeks start on Monday (1970-01-01 was a Thursday)."""
    if window == "day":
        return day, day + 1
    if window == "week":
        start = day - (day + 3) % 7
        return start, start + 7
    # months from a table of the days spanned (converting each day to a month is slow)
    lo = int(day.min())
    months = {"month": 1, "quarter": 3, "year": 12}[window]
    month = np.arange(lo, int(day.max()) + 1).astype("datetime64[D]").astype("datetime64[M]").astype(_INT)
    month -= month % months
    starts, ends = _first_days(month), _first_days(month + months)
    at = day - lo
    return np.take(starts, at), np.take(ends, at)


def _first_days(month: np.ndarray) -> np.ndarray:
    return month.astype("datetime64[M]").astype("datetime64[D]").astype(_INT)


def _epoch_day(day) -> int:
    return int(np.datetime64(day, "D").astype(_INT))


@dataclass(frozen=True)
class _Windows:
    """The windows containing each happening's first day: ``start`` and ``end`` of each
    (happening, window), in happening order. ``n_windows`` per happening, None when each
    happening is in exactly one window."""

    start: np.ndarray
    end: np.ndarray
    n_windows: np.ndarray | None = None


def _windows(day: np.ndarray, params: DyadParams, first_day: int, last_day: int) -> _Windows:
    """The windows of each happening's first ``day``; ``first_day`` and ``last_day`` are the
    earliest and latest of those days over all reports (not only these: one window grid for all)."""
    if params.window == "all":
        return _Windows(np.full(len(day), first_day), np.full(len(day), last_day + 1))
    if not params.is_sliding:
        return _Windows(*_calendar(day, params.window))
    size, step = params.size_days, params.step_days
    lo = _epoch_day(params.since) if params.since else first_day
    hi = _epoch_day(params.until) if params.until else last_day
    first = np.maximum((day - lo - size) // step + 1, 0)
    n_windows = np.maximum(np.minimum((day - lo) // step, (hi - lo) // step) - first + 1, 0)
    happening, rank = _expand(n_windows)
    start = lo + (first[happening] + rank) * step
    return _Windows(start, start + size, n_windows)


@dataclass(frozen=True)
class _Copies:
    """Each (happening, outlet) entry copied into each window of its happening: per copy, its
    entry and window (an index into :class:`_Windows`); per entry, its number of copies and the
    position of its first."""

    entry: np.ndarray
    window: np.ndarray
    n_copies: np.ndarray
    offset: np.ndarray


def _copies(h: _Happenings, win: _Windows) -> _Copies:
    n_copies = win.n_windows[h.entry_h]
    entry, rank = _expand(n_copies)
    window_offset = np.cumsum(win.n_windows) - win.n_windows
    return _Copies(entry, window_offset[h.entry_h[entry]] + rank, n_copies, np.cumsum(n_copies) - n_copies)


def score_reports(reports: Reports, params: DyadParams, *, parts: int | None = None) -> tuple[Cells, ClaimRows]:
    """Score every pair in every window of ``params`` from ``reports`` (not empty).

    The reports are split by pair into ``parts`` scored in threads (numpy's sorts, gathers and
    arithmetic release the GIL); by default two when there are at least :data:`PARALLEL_MIN`
    reports and more than one CPU, else one. A pair's reports are all in one part, so the scores
    and claim rows are the same, only in another order: the cells of one part, then the next.
    """
    if parts is None:
        parts = 2 if len(reports.key) >= PARALLEL_MIN and (os.cpu_count() or 1) > 1 else 1
    if parts <= 1:
        h = _happenings(reports, params.tolerance_days)
        return _score(h, params, reports, int(h.day.min()), int(h.day.max()))
    pieces = [p for p in _split(reports, parts) if len(p)]
    with ThreadPoolExecutor(len(pieces)) as pool:
        hs = list(pool.map(lambda p: _happenings(_part(reports, p), params.tolerance_days, own_key=True), pieces))
        first_day, last_day = min(int(h.day.min()) for h in hs), max(int(h.day.max()) for h in hs)
        scored = list(pool.map(lambda h: _score(h, params, reports, first_day, last_day), hs))
    cells = Cells(*(np.concatenate([getattr(c, f) for c, _ in scored]) for f in Cells.__dataclass_fields__))
    n_rows = sum(len(rows.cell) for _, rows in scored)
    report, cell = np.empty(n_rows, dtype=_INT), np.empty(n_rows, dtype=_index(len(cells.pair)))
    at = n_cells = 0
    for piece, (part_cells, rows) in zip(pieces, scored):
        span = slice(at, at + len(rows.cell))
        np.add(rows.cell, n_cells, out=cell[span], casting="unsafe")
        if rows.report is None:
            report[span] = piece
        else:
            np.take(piece, rows.report, out=report[span])
        at, n_cells = span.stop, n_cells + len(part_cells.pair)
    return cells, ClaimRows(report, cell)


PARALLEL_MIN = 1 << 20  # fewer reports than this are scored in one thread: splitting costs more


def _split(reports: Reports, parts: int) -> list[np.ndarray]:
    """The positions of the reports in each of ``parts`` runs of pairs, of about equal size (cut at
    quantiles of a sample of the keys, rounded down to the first key of a pair)."""
    per_pair = reports.n_relations * reports.stride
    sample = reports.key[:: max(1, len(reports.key) // 4096)]
    cuts = np.quantile(sample, np.arange(1, parts) / parts, method="lower").astype(_INT) // per_pair * per_pair
    cuts = np.unique(cuts)
    part = np.searchsorted(cuts, reports.key, side="right")
    return [np.flatnonzero(part == i) for i in range(len(cuts) + 1)]


def _part(reports: Reports, at: np.ndarray) -> Reports:
    return Reports(*(np.take(getattr(reports, f), at) for f in ("key", "w", "conf", "sw", "outlet")),
                   reports.day0, reports.stride, reports.n_actors, reports.n_relations, reports.n_outlets)


def _score(h: _Happenings, params: DyadParams, reports: Reports, first_day: int,
           last_day: int) -> tuple[Cells, ClaimRows]:
    """The cells of happenings ``h`` (see :func:`score_reports`; the days: see :func:`_windows`)."""
    win = _windows(h.day, params, first_day, last_day)
    # one window per happening: each entry is its own copy, in the window of its happening
    copies = None if win.n_windows is None else _copies(h, win)
    window = h.entry_h if copies is None else copies.window
    n_pairs, n_outlets = reports.n_actors * reports.n_actors, reports.n_outlets
    w0 = int(win.start.min())
    key = np.take(win.start, window)
    key -= w0
    key *= n_pairs
    key += np.take(h.pair, h.entry_h if copies is None else h.entry_h[copies.entry])
    key *= n_outlets
    key += h.entry_outlet if copies is None else h.entry_outlet[copies.entry]
    key, order = sort_keys(key, (int(win.start.max()) - w0 + 1) * n_pairs * n_outlets, inplace=True)
    distinct = _starts(key)  # of (window, pair, outlet)
    key //= n_outlets
    cells = _starts(key)
    cell_id = _run_ids(cells, len(key))
    n_cells = len(cells)
    n_sources = np.bincount(cell_id[distinct], minlength=n_cells)
    start, pair = np.divmod(key[cells], n_pairs)
    end = np.take(win.end, np.take(window, order[cells]))
    del key, distinct
    cell_of_copy = np.empty(len(order), dtype=cell_id.dtype)
    cell_of_copy[order] = cell_id
    del order, cell_id
    # each happening counts once per window, in the cell of its first entry's copy there
    lead = _starts(h.entry_h)
    if copies is None:
        value, n_claims, day, cell = h.value, h.n_claims, h.day, np.take(cell_of_copy, lead)
    else:
        hw, rank = _expand(win.n_windows)
        value, n_claims, day = h.value[hw], h.n_claims[hw], h.day[hw]
        cell = cell_of_copy[copies.offset[lead[hw]] + rank]
    if params.half_life_days is not None:  # discounted by age, counted to the window's last day
        value = value * 0.5 ** ((win.end - day - 1) / float(params.half_life_days))
    scores = Cells(start + w0, end, pair, np.bincount(cell, weights=value, minlength=n_cells),
                   np.bincount(cell, weights=n_claims, minlength=n_cells).astype(_INT),
                   np.bincount(cell, minlength=n_cells), n_sources)
    return scores, _claim_rows(h.entry_of_report, cell_of_copy, copies)


def _claim_rows(entry_of_report: np.ndarray, cell_of_copy: np.ndarray, copies: _Copies | None) -> ClaimRows:
    """Each report in the cell of each copy of its (happening, outlet) entry."""
    if copies is None:
        return ClaimRows(None, np.take(cell_of_copy, entry_of_report))
    report, rank = _expand(copies.n_copies[entry_of_report])
    return ClaimRows(report, cell_of_copy[copies.offset[entry_of_report[report]] + rank])
