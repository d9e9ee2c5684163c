"""Every actor mention in the founding article that names a catalogued actor resolves to it.

The mentions are written as they stand in ../shared/seed/fractures-post-isis-syria-2018.txt (the
test checks that each occurs there), so the resolver meets the article's own spellings: curly
possessives, titles before names, "Jimmy Gerrard" for James Jarrard, "Shoygu", "Asharq Alawsat".
"""

from __future__ import annotations

import pytest

SEED_MENTIONS = [
    ("Islamic State", {"isis"}),
    ("ISIS", {"isis"}),
    ("ISIS’s Caliphate", {"isis"}),
    ("IS", {"isis"}),
    ("Daesh", {"isis"}),
    ("Syrian Regime", {"syrian-government"}),
    ("Global Coalition to Defeat ISIS", {"global-coalition"}),
    ("Syria", {"syria"}),
    ("Iran", {"iran"}),
    ("Lebanon’s Hezbollah", {"hezbollah"}),
    ("Lebanese Hezbollah", {"hezbollah"}),
    ("Hezbollah", {"hezbollah"}),
    ("Iraq’s League of the Righteous", {"asaib-ahl-al-haq"}),
    ("Mihrac Ural", {"mihrac-ural"}),
    ("Syrian President Bashar al-Assad", {"bashar-al-assad"}),
    ("Bashar Al-Assad", {"bashar-al-assad"}),
    ("Russian President Vladimir Putin", {"vladimir-putin"}),
    ("Vladimir Putin", {"vladimir-putin"}),
    ("Putin", {"vladimir-putin"}),
    ("Russian Foreign Minister Sergey Lavrov", {"sergey-lavrov"}),
    ("Russian Defence Minister Sergey Shoygu", {"sergei-shoigu"}),
    ("SANA News Agency", {"sana"}),
    ("the Iranians", {"iran"}),
    ("the Russians", {"russia"}),
    ("Russia", {"russia"}),
    ("UN", {"un"}),
    ("United Nations", {"un"}),
    ("Syrian Army", {"syrian-arab-army"}),
    ("Sky News Arabia", {"sky-news-arabia"}),
    ("Putin’s Syria envoy Alexander Lavrentiev", {"alexander-lavrentiev"}),
    ("Iranian Foreign Ministry", {"iranian-foreign-ministry"}),
    ("Russian analyst Vitaly Naumkin", {"vitaly-naumkin"}),
    ("Asharq Alawsat", {"asharq-al-awsat"}),
    ("Al Arabiya", {"al-arabiya"}),
    ("Al Hadath", {"al-hadath"}),
    ("United States", {"united-states"}),
    ("Jordan", {"jordan"}),
    ("Israel", {"israel"}),
    ("Free Syrian Army", {"fsa"}),
    ("Al Qaeda", {"al-qaeda"}),
    ("Damascus", {"syria", "syrian-government"}),
    ("CBS News", {"cbs-news"}),
    ("State Department", {"us-state-department"}),
    ("Turkey", {"turkey"}),
    ("US", {"united-states"}),
    ("Kurdish Syrian Democratic Forces", {"sdf"}),
    ("YPG", {"ypg"}),
    ("SDF’s Manbij Military Council", {"manbij-military-council"}),
    ("Al Hayat newspaper", {"al-hayat"}),
    ("Donald Trump", {"donald-trump"}),
    ("Trump", {"donald-trump"}),
    ("US Coalition’s General Jimmy Gerrard", {"james-jarrard"}),
    ("Turkish President Recep Tayyip Erdoğan", {"recep-tayyip-erdogan"}),
    ("national security advisor John Bolton", {"john-bolton"}),
    ("Turkish", {"turkey"}),
    ("Iranian", {"iran"}),
]


@pytest.fixture(scope="module")
def seed_text(shared) -> str:
    return (shared / "seed" / "fractures-post-isis-syria-2018.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("mention, expected", SEED_MENTIONS, ids=[m for m, _ in SEED_MENTIONS])
def test_seed_mention_resolves(syria, seed_text, mention, expected):
    assert mention in seed_text, f"{mention!r} is not in the seed; the test list is wrong"
    found = syria.resolve(mention)
    assert found.actor_id in expected, (found, [syria.actors[c].name for c in found.candidates])
