"""Amounts and zones: typed quantities in sentences, and areas described by a distance.

Amounts (lexicon ``amounts.rules.en.v1``): money ("$200 million", "€3m", "5 billion dollars"),
troops ("2,000 troops", "hundreds of fighters" is not counted: no number) and distances ("25km",
"55 kilometres"). A zone is a distance from a named place: "25km from the Syria's southern
border" -> ``Zone(kind="distance-from", distance_km=25, reference="southern-border")``.

>>> [(a.kind, a.value, a.unit) for a in amounts("US withdrew $200 million of aid; 2,000 troops left.", "d")]
[('money', 200000000.0, 'USD'), ('troops', 2000.0, 'troops')]
"""

from __future__ import annotations

import re

from faultlines.model import TextSpan
from faultlines.places import Amount, Gazetteer, Zone

_NUM = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9}
_CURRENCY = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "dollars": "USD", "euros": "EUR", "pounds": "GBP",
             "usd": "USD", "eur": "EUR"}
_MONEY_PRE = re.compile(rf"(US\$|\$|€|£)\s?{_NUM}\s?(thousand|million|billion|bn|mn|m|k|b)?\b", re.I)
_MONEY_POST = re.compile(rf"\b{_NUM}\s?(thousand|million|billion)?\s+(dollars|euros|pounds|USD|EUR)\b", re.I)
_TROOPS = re.compile(rf"\b{_NUM}\s+(?:more\s+|additional\s+|extra\s+)?(troops|soldiers|fighters|personnel|"
                     r"militiamen|servicemen|marines|mercenaries)\b", re.I)
_KM = {"km": 1.0, "kilometres": 1.0, "kilometers": 1.0, "kilometre": 1.0, "kilometer": 1.0, "miles": 1.609344,
       "mile": 1.609344}
_DISTANCE = re.compile(rf"\b{_NUM}\s?-?(km|kilometres|kilometers|kilometre|kilometer|miles|mile)\b", re.I)
_FROM = re.compile(r"\s*(?:away\s+)?from\s+((?:the\s+)?[^,;.\[()]+?)(?=\s*(?:[,;.\[()]|$|\sand\s|\sto\s|\sfor\s))")


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def amounts(text: str, doc_id: str) -> list[Amount]:
    """Every money, troop and distance amount in ``text``, in order."""
    found = []
    for m in _MONEY_PRE.finditer(text):
        value = _number(m.group(2)) * _SCALE.get((m.group(3) or "").lower(), 1.0)
        found.append(Amount(TextSpan(doc_id, m.start(), m.end()), "money", value, _CURRENCY[m.group(1).lower()], m.group()))
    for m in _MONEY_POST.finditer(text):
        value = _number(m.group(1)) * _SCALE.get((m.group(2) or "").lower(), 1.0)
        found.append(Amount(TextSpan(doc_id, m.start(), m.end()), "money", value, _CURRENCY[m.group(3).lower()], m.group()))
    for m in _TROOPS.finditer(text):
        found.append(Amount(TextSpan(doc_id, m.start(), m.end()), "troops", _number(m.group(1)), "troops", m.group()))
    for m in _DISTANCE.finditer(text):
        km = _number(m.group(1)) * _KM[m.group(2).lower()]
        found.append(Amount(TextSpan(doc_id, m.start(), m.end()), "distance", round(km, 3), "km", m.group()))
    return sorted(found, key=lambda a: a.span.start)


def zones(text: str, doc_id: str, gazetteer: Gazetteer, country: str | None = None) -> list[Zone]:
    """Areas described as a distance from a place: "25km from the Syria's southern border".

    The reference is resolved through the gazetteer; an unknown or ambiguous one leaves
    ``reference`` None and the zone is kept as its words.
    """
    found = []
    for distance in (a for a in amounts(text, doc_id) if a.kind == "distance"):
        m = _FROM.match(text, distance.span.end)
        if m is None:
            continue
        ref = gazetteer.resolve(m.group(1), country=country)
        span = TextSpan(doc_id, distance.span.start, m.end())
        found.append(Zone(span, text[span.start:span.end], "distance-from", ref.place_id, distance.value))
    return found
