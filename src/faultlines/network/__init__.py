"""Signed-network algorithms: balance, frustration, coalitions, strain.

Input convention, shared by every function here: an undirected simple
:class:`networkx.Graph` whose edges carry a signed number under the attribute
``weight`` (pass ``weight="..."`` to name another one). The sign of the number
is the sign of the tie (positive: alliance, cooperation; negative: enmity,
conflict); its absolute value is the strength of the tie, used where a function
is ``weighted``. A value of ``0`` is a neutral tie and takes no part in any
measure. Node ids may be any hashable. Self-loops, missing or non-finite
values, directed graphs and multigraphs raise :class:`SignedGraphError`; use
:func:`symmetrize` to collapse directed or parallel ties first.

Pure functions: nothing here reads files or the store.
"""

from ._signed import SignedGraphError, symmetrize
from .balance import local_balance, triangle_balance, triangle_census, walk_balance
from .coalitions import (
    CoalitionResult,
    coalitions_exact,
    coalitions_heuristic,
    partition_criterion,
)
from .frustration import (
    FrustrationResult,
    frustration_heuristic,
    frustration_index,
    frustration_lower_bound,
    frustration_of,
)
from .strain import (
    Cohesion,
    EdgeStrain,
    NodeStrain,
    coalition_cohesion,
    edge_strain,
    node_strain,
)

__all__ = [
    "CoalitionResult",
    "Cohesion",
    "EdgeStrain",
    "FrustrationResult",
    "NodeStrain",
    "SignedGraphError",
    "coalition_cohesion",
    "coalitions_exact",
    "coalitions_heuristic",
    "edge_strain",
    "frustration_heuristic",
    "frustration_index",
    "frustration_lower_bound",
    "frustration_of",
    "local_balance",
    "node_strain",
    "partition_criterion",
    "symmetrize",
    "triangle_balance",
    "triangle_census",
    "walk_balance",
]
