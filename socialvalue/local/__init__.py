"""Keep it local: the buyer's local area, local / VCSE / SME spend and the local multiplier.

See docs/scoring.md, "Local spend and LM3".
"""
