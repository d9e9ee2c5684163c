"""Faultlines: an evidence-backed model of alliance systems in multi-party conflicts.

Evidence flows one way: sources -> documents/rows -> mentions -> claims -> dyad scores ->
signed snapshots -> coalitions and fractures -> briefs. See docs/ and ARCHITECTURE.md.
"""

__version__ = "0.1.0"
