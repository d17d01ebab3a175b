"""Prints the reference matches that tests/classic.rs checks, computed by the Axelrod library.

Usage: python scripts/axelrod_reference.py   (needs `pip install axelrod`; version 4.14 was used)

For every ordered pair of the ten deterministic classic strategies, a 20-turn noise-free
match: both players' action strings (C = engage, D = retaliate) and total scores with the
standard payoffs (R, S, T, P) = (3, 0, 5, 1).
"""
import axelrod as axl

PLAYERS = [
    ("always_engage", axl.Cooperator),
    ("always_retaliate", axl.Defector),
    ("tit_for_tat", axl.TitForTat),
    ("suspicious_tit_for_tat", axl.SuspiciousTitForTat),
    ("tit_for_two_tats", axl.TitFor2Tats),
    ("two_tits_for_tat", axl.TwoTitsForTat),
    ("grim", axl.Grudger),
    ("pavlov", axl.WinStayLoseShift),
    ("alternator", axl.Alternator),
    ("contrite_tit_for_tat", axl.ContriteTitForTat),
]

print(f"// axelrod {axl.__version__}")
for name_a, a in PLAYERS:
    for name_b, b in PLAYERS:
        match = axl.Match((a(), b()), turns=20)
        interactions = match.play()
        moves_a = "".join(str(x[0]) for x in interactions)
        moves_b = "".join(str(x[1]) for x in interactions)
        score_a, score_b = (sum(s) for s in zip(*match.scores()))
        print(f'("{name_a}", "{name_b}", "{moves_a}", "{moves_b}", {score_a}, {score_b}),')
