"""Four of the essay's levers, as scenario keys: each moved for both states at once (the
essay's spin cycle is symmetric), with the range the examples explore."""

#: name -> (the keys it sets, lowest, highest)
LEVERS = {
    "face_cost": (["agents.usa.face_cost", "agents.china.face_cost"], 0.0, 1.0),
    "audience": (["agents.usa.audience", "agents.china.audience"], 0.0, 1.0),
    "perception_noise": (["agents.usa.perception.noise", "agents.china.perception.noise"], 0.0, 0.3),
    "channel_noise_reduction": (["channels.diplomatic.noise_reduction"], 0.0, 1.0),
}

#: The scenario whose levers are moved: two deliberate states under misperception.
SCENARIO = "scenarios/baseline.toml"


def as_vary() -> dict:
    """The levers as `coexist.sweep`'s `vary`: keys joined by `+` take each value together."""
    return {"+".join(keys): (lo, hi) for keys, lo, hi in LEVERS.values()}


def as_set(values) -> dict:
    """One point of the levers (in LEVERS' order) as `set` overrides."""
    out = {}
    for (keys, _, _), value in zip(LEVERS.values(), values):
        out.update({key: float(value) for key in keys})
    return out
