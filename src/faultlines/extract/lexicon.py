"""The trigger lexicon ``lexicon.rules.en.v1``: English words that signal a relation between actors.

Each verb or noun lemma maps to one word of the PLOVER-aligned relation vocabulary
(``faultlines.model.RELATIONS``, docs/claims-format.md); polarity and intensity then come from the
relation's defaults (mapping ``polarity.relation.v1``). A few light verbs take their relation from
their object ("withdrew assistance" is a sanction, "withdrew troops" a retreat; "sent troops" a
mobilisation, "sent aid" aid). Symmetric words ("tensions", "met", "clashed") relate every pair of
their participants; the others point from source to target.
"""

from __future__ import annotations

from faultlines.model import RELATIONS

LEXICON_NAME = "lexicon.rules.en.v1"

_VERBS = {
    "cooperate": "cooperate collaborate coordinate ally partner unite team",
    "aid": "aid arm supply fund finance equip train bankroll assist rescue",
    "support": "support back endorse praise welcome commend hail applaud defend thank congratulate side",
    "agree": "agree sign accept ratify approve settle reconcile",
    "consult": "meet talk visit host discuss negotiate receive consult mediate",
    "concede": "concede release free ease yield relent compromise",
    "retreat": "retreat evacuate",
    "request": "ask request appeal invite seek",
    "demand": "demand urge press pressure push insist order",
    "disapprove": "criticize criticise condemn denounce rebuke slam chide decry lambast complain question "
                  "disapprove deplore castigate distrust",
    "accuse": "accuse blame allege charge brand",
    "reject": "reject oppose refuse veto dismiss rebuff resist boycott snub spurn block obstruct",
    "protest": "protest demonstrate rally",
    "threaten": "threaten warn menace",
    "sanction": "sanction expel suspend halt freeze embargo ban blacklist",
    "mobilize": "mobilize mobilise deploy mass reinforce",
    "coerce": "arrest detain seize capture blockade besiege kidnap abduct confiscate occupy annex",
    "assault": "attack strike bomb shell clash fight kill ambush raid storm target hit assault invade shoot "
               "battle overrun assassinate bombard massacre execute",
}
_NOUNS = {
    "cooperate": "cooperation alliance partnership coordination collaboration rapprochement",
    "aid": "aid assistance funding weapons arms",
    "support": "support backing endorsement praise",
    "agree": "agreement deal accord ceasefire truce pact treaty arrangement",
    "consult": "talks meeting negotiations negotiation visit summit dialogue discussions",
    "retreat": "withdrawal pullout",
    "request": "request appeal",
    "demand": "demand demands ultimatum pressure",
    "disapprove": "tension tensions rift discrepancy difference differences dispute disagreement row friction "
                  "split feud spat divergence quarrel criticism condemnation rivalry mistrust",
    "accuse": "accusation accusations allegation allegations",
    "reject": "opposition rejection refusal veto",
    "protest": "complaint protest protests",
    "threaten": "threat threats warning",
    "sanction": "sanctions sanction embargo",
    "mobilize": "deployment buildup build-up mobilisation mobilization",
    "coerce": "blockade siege arrest arrests occupation",
    "assault": "attack attacks strike strikes airstrike airstrikes clash clashes fighting offensive assault war "
               "hostilities battle incursion invasion bombardment shelling",
}
VERBS: dict[str, str] = {w: rel for rel, words in _VERBS.items() for w in words.split()}
NOUNS: dict[str, str] = {w: rel for rel, words in _NOUNS.items() for w in words.split()}

# Relations that hold between every pair of participants rather than from a source to a target.
SYMMETRIC = {"cooperate", "consult", "agree"}
SYMMETRIC_WORDS = {"clash", "fight", "battle", "meet", "talk", "negotiate", "tension", "tensions", "rift",
                   "discrepancy", "difference", "differences", "dispute", "disagreement", "row", "friction",
                   "split", "feud", "spat", "divergence", "quarrel", "rivalry", "mistrust", "clashes", "fighting",
                   "war", "hostilities", "talks", "meeting", "negotiations", "dialogue", "agreement", "deal",
                   "ceasefire", "truce", "pact", "cooperation", "alliance", "partnership", "rapprochement"}

# Light verbs whose relation depends on what they move: object lemma -> relation.
_FORCES = "force forces troop troops soldier soldiers army fighter fighters militia militias unit units"
_HELP = "aid assistance support funding money fund weapon weapons arms help"
OBJECT_SENSITIVE = {
    "send": {**dict.fromkeys(_FORCES.split(), "mobilize"), **dict.fromkeys(_HELP.split(), "aid")},
    "provide": dict.fromkeys(_HELP.split() + ["backing"], "aid"),
    "give": dict.fromkeys(_HELP.split(), "aid"),
    "withdraw": {**dict.fromkeys(_FORCES.split(), "retreat"), **dict.fromkeys(_HELP.split(), "sanction")},
    "pull": dict.fromkeys(_FORCES.split(), "retreat"),
    "launch": dict.fromkeys("attack attacks strike strikes offensive raid assault operation".split(), "assault"),
    "impose": dict.fromkeys("sanctions sanction embargo blockade".split(), "sanction"),
    "reach": dict.fromkeys("agreement deal accord ceasefire truce".split(), "agree"),
    "hold": dict.fromkeys("talks meeting negotiations".split(), "consult"),
    "cut": dict.fromkeys(_HELP.split() + ["ties", "relations", "funding", "supplies", "imports", "exports"], "sanction"),
    "fire": dict.fromkeys("drones drone missiles missile rockets rocket shells shots artillery mortars".split(), "assault"),
    "file": dict.fromkeys("complaint complaints protest lawsuit case".split(), "protest"),
    "lodge": dict.fromkeys("complaint complaints protest".split(), "protest"),
}
# "fought alongside X" is cooperation, whatever "fight" means alone.
ALONGSIDE = {"alongside", "beside"}
# "stop supplying weapons": stopping a cooperative act is a sanction.
STOP_VERBS = {"stop", "cease", "halt", "end", "suspend", "quit", "freeze"}
# "strained ties with X", "improved relations between X and Y": the verb gives the sign.
TIES = {"ties", "relations", "relationship", "links", "cooperation"}
TIES_VERBS = {**dict.fromkeys("strain sour damage worsen hurt harm undermine poison test complicate".split(), "disapprove"),
              **dict.fromkeys("cut sever freeze break suspend downgrade".split(), "sanction"),
              **dict.fromkeys("improve strengthen deepen boost restore normalise normalize mend upgrade warm expand "
                              "bolster".split(), "cooperate")}
# Nouns whose "of" phrase is the actor doing the act ("the withdrawal of French troops").
AGENT_OF = {"retreat", "mobilize", "aid", "support"}
# Verbs that say the embedded act is planned or announced, not done.
FUTURE_HEADS = {"plan", "intend", "prepare", "vow", "pledge", "promise", "aim", "threaten", "seek", "want", "hope"}
HYPOTHETICAL_AUX = {"could", "might", "may", "would"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
DENIAL_HEADS = {"deny", "refute"}
# "X regards Y as a terrorist organisation": labelling as an enemy is an accusation.
LABEL_VERBS = {"regard", "consider", "designate", "label", "list", "view", "deem", "brand", "call", "classify"}
ENEMY_WORDS = {"terrorist", "terrorists", "terror", "enemy", "enemies", "threat", "criminal", "criminals",
               "illegitimate", "mercenaries", "traitors", "puppet", "proxy"}

# The sign of each relation (from the model's default mapping), for rules that flip a relation.
RELATIONS_SIGN = {name: polarity for name, (polarity, _) in RELATIONS.items()}
