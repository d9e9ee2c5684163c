"""Short reports written from our own templates, for the runner tests and bench/bench_runners.py."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

ACTORS = ("Russia", "Iran", "Turkey", "the United States", "the SDF", "Hezbollah", "Israel", "the Syrian government")
OUTLETS = ("Valley Courier", "Harbour Post", "Plains Wire")
PLACES = ("the northern crossing", "the river town", "the old airbase", "the border villages")
TEMPLATES = (
    "{a} accused {b} of shelling positions near {place}.",
    "{a} and {b} agreed to widen their cooperation around {place}.",
    "Officials in {a} condemned the strikes that {b} carried out near {place}.",
    "{a} sent aid convoys to areas near {place} that {b} controls.",
    "{a} threatened {b} with sanctions over the fighting near {place}.",
    "{a} rejected the proposal that {b} made for {place}.",
    '"We will not accept this," a spokesman for {a} said of the plan by {b}.',
    "{a} praised {b} for reopening the road to {place}.",
)


def report(n: int, rng: random.Random) -> str:
    """The text of report ``n``: a header (title, date, outlet) and three to five sentences."""
    day = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(365))
    lines = []
    for _ in range(rng.randint(3, 5)):
        a, b = rng.sample(ACTORS, 2)
        sentence = rng.choice(TEMPLATES).format(a=a, b=b, place=rng.choice(PLACES))
        lines.append(sentence[0].upper() + sentence[1:])
    return (f"Title: Dispatch {n}\nDate: {day.isoformat()}\nOutlet: {OUTLETS[n % len(OUTLETS)]}\n\n"
            f"Dispatch {n}. " + " ".join(lines) + "\n")


def write_corpus(folder: Path, n: int, *, seed: int = 7, start: int = 0) -> list[Path]:
    """Write reports ``start`` .. ``start + n - 1`` as ``folder/report-NNNNN.txt``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        path = folder / f"report-{i:05d}.txt"
        path.write_text(report(i, random.Random(seed * 100_003 + i)), encoding="utf-8")
        paths.append(path)
    return paths
