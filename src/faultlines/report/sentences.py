"""Sentences of the brief, built from data by templates: nothing is said that a claim does not carry.

Each function returns plain text (no markup); the renderers escape it and attach the claim ids.

>>> claim_sentence({"date": "2018-05-17", "source": {"name": "Russia"}, "target": {"name": "Iran"},
...                 "relation": "demand", "modality": "asserted", "speaker": {"name": "Vladimir Putin"},
...                 "attributed_to": None, "outlet": "TASS"})
'On 17 May 2018 Russia made demands of Iran (Vladimir Putin speaking).'
>>> human_date("2018-05")
'May 2018'
"""

from __future__ import annotations

import datetime as dt

# relation -> (past tense phrase, bare infinitive phrase); the target follows
VERBS: dict[str, tuple[str, str]] = {
    "cooperate": ("cooperated with", "cooperate with"), "aid": ("gave aid to", "give aid to"),
    "support": ("backed", "back"), "agree": ("reached agreement with", "reach agreement with"),
    "consult": ("held talks with", "hold talks with"), "concede": ("made a concession to", "make a concession to"),
    "retreat": ("pulled back before", "pull back before"), "request": ("made a request of", "make a request of"),
    "demand": ("made demands of", "make demands of"), "disapprove": ("criticised", "criticise"),
    "accuse": ("accused", "accuse"), "reject": ("rejected a proposal of", "reject a proposal of"),
    "protest": ("protested to", "protest to"), "threaten": ("threatened", "threaten"),
    "sanction": ("took punitive measures against", "take punitive measures against"),
    "mobilize": ("mobilised against", "mobilise against"), "coerce": ("coerced", "coerce"),
    "assault": ("attacked", "attack"),
}
STATUS_PHRASES = {"emerging": ("show an emerging rift since", ""), "deepening": ("have been drifting apart since", ""),
                  "easing": ("have been at odds since", ", though the rift is now easing")}


def human_date(value: str | None) -> str:
    """``2018-05-17`` -> ``17 May 2018``; ``2018-05`` -> ``May 2018``; ``2018`` stays."""
    if not value:
        return "an unknown date"
    parts = value.split("-")
    if len(parts) == 3:
        day = dt.date.fromisoformat(value)
        return f"{day.day} {day:%B %Y}"
    if len(parts) == 2:
        return f"{dt.date(int(parts[0]), int(parts[1]), 1):%B %Y}"
    return value


def _name(ref) -> str:
    return ref["name"] if ref else "an unnamed actor"


def claim_sentence(item: dict) -> str:
    """One claim as a sentence: date, who did what to whom, with modality, speaker and attribution."""
    past, bare = VERBS[item["relation"]]
    who, whom = _name(item["source"]), _name(item["target"])
    body = {
        "asserted": f"{who} {past} {whom}",
        "future": f"{who} signalled it would {bare} {whom}",
        "hypothetical": f"{who} might {bare} {whom}",
        "denied": f"a report that {who} {past} {whom} was denied",
    }[item["modality"]]
    extras = []
    if item.get("speaker"):
        extras.append(f"{_name(item['speaker'])} speaking")
    if item.get("attributed_to") and item["attributed_to"]["name"] != item.get("outlet"):
        extras.append(f"according to {_name(item['attributed_to'])}")
    tail = f" ({'; '.join(extras)})" if extras else ""
    return f"On {human_date(item['date'])} {body}{tail}."


def fracture_opening(record: dict) -> str:
    """The first sentence about a fracture: who, which coalition, status, onset, score."""
    a, b = (_name(x) for x in record["pair"])
    coalition = record["coalition"]
    where = {"inferred": "grouped together in the network before", "stated": "described as partners in the texts"}
    context = where.get(coalition["kind"], f"partners in the {coalition['name']}")
    before, after = STATUS_PHRASES[record["status"]]
    return (f"{a} and {b}, {context}, {before} {human_date(record['onset'][:7])}{after} "
            f"(fracture score {record['score']:.2f}).")


def trajectory_sentence(record: dict) -> str | None:
    """How the pair's score moved: the average before the onset against the worst window since."""
    series = record["series"]
    before = [p["score"] for p in series if p["start"] < record["onset"]]
    since = [p for p in series if p["start"] >= record["onset"]]
    worst = min(since, key=lambda p: p["score"])
    if worst["score"] >= 0:
        return None
    baseline = f"against {sum(before) / len(before):+.1f} per window on average before" if before else "with nothing on record before"
    return f"Their relation scored {worst['score']:+.1f} at its worst, in {human_date(worst['start'][:7])}, {baseline}."


def third_party_sentence(third: dict) -> str:
    """Two partners put on opposite sides of a third actor: one acted with (or against) it while the
    other's standing tie with it was of the other sign."""
    acted = "worked with" if third["flow"] > 0 else "acted against"
    stood = "was on good terms with" if third["standing"] > 0 else "was hostile to"
    return (f"In {human_date(third['when'][:7])} they found themselves on opposite sides of {_name(third['actor'])}: "
            f"{_name(third['acting'])} {acted} it ({third['flow']:+.1f}) while {_name(third['other'])} {stood} it "
            f"({third['standing']:+.1f}).")


def evidence_sentence(record: dict) -> str:
    """How much the finding rests on, and whether only partisan outlets report it."""
    n, k = record["n_claims"], len(record["sources"])
    text = (f"It rests on {n} direct claim{'s' * (n != 1)} and {k} outlet{'s' * (k != 1)}"
            + (", counting the claims about third parties." if record["third_parties"] else "."))
    if record["partisan_side"]:
        text += (f" Every direct report comes from outlets affiliated with {_name(record['partisan_side'])}: "
                 "treat it with care.")
    return text


def strain_sentence(record: dict) -> str | None:
    share = record["parts"]["strain"]
    if not share:
        return None
    return (f"Their tie contradicts the best two-camp split of the network in {share:.0%} of the windows since "
            "the onset (a frustrated tie: structural balance predicts it will change).")
