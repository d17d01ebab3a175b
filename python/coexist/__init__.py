"""coexist from Python: competitive/cooperative coexistence between two states, simulated.

The same engine as the ``coexist`` command, with results as pandas DataFrames::

    import coexist
    scenario = coexist.load("scenarios/baseline.toml", set={"agents.usa.perception.noise": 0.2})
    result = scenario.run(replicates=500, seed=7)
    result.summary["mutual_engagement"].mean()

Every table has the columns of the CSV file ``coexist run`` writes (see docs/MODEL.md of the
coexist repository); numbers are numbers, dates are dates, actions are categories. The engine
runs with the GIL released; Ctrl-C stops it within a second and raises KeyboardInterrupt.
"""

from __future__ import annotations

import io
import json
import math
import os
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Union

import pandas as pd

from . import _coexist
from ._coexist import CoexistError, ScenarioError, UsageError

__all__ = [
    "CoexistError",
    "Result",
    "Scenario",
    "ScenarioError",
    "Tournament",
    "UsageError",
    "compare",
    "load",
    "run",
    "strategies",
    "sweep",
    "tournament",
]
__version__: str = _coexist.__version__

PathLike = Union[str, "os.PathLike[str]"]
#: The actions of the engagement game, in their order.
ACTIONS = ("engage", "markers", "retaliate")


def _toml(value: Any) -> str:
    """A Python value as the TOML value an override takes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    raise TypeError(f"cannot give {value!r} ({type(value).__name__}) to a scenario key: use a number, bool, str or list")


def _assignments(set: Optional[Mapping[str, Any]]) -> list[str]:
    return [f"{key}={_toml(value)}" for key, value in (set or {}).items()]


def _flags(**values: Any) -> list[str]:
    """The command line's flags that were given (`replicates=`, `seed=`, `rounds=`) as overrides."""
    return _assignments({key: value for key, value in values.items() if value is not None})


def _bar(progress: bool, total: Optional[int], unit: str) -> tuple[Optional[Callable[[int], Any]], Any]:
    """A tqdm bar's update function when progress was asked for."""
    if not progress:
        return None, None
    try:
        from tqdm.auto import tqdm
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("progress=True needs tqdm: pip install tqdm") from e
    bar = tqdm(total=total, unit=unit)
    return bar.update, bar


def _dates(column: pd.Series) -> pd.Series:
    """Round labels (``2023``, ``2023-Q1``, ``2023-01``, ``2023-01-15``) as timestamps."""
    text = column.astype("string")
    sample = text.dropna()
    if sample.empty:
        return pd.to_datetime(text)
    first = sample.iloc[0]
    if "Q" in first:
        return pd.Series(pd.PeriodIndex(text.str.replace("-", "", regex=False), freq="Q").to_timestamp(), index=column.index, name=column.name)
    fmt = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}.get(len(first))
    return pd.to_datetime(text, format=fmt) if fmt else column


def _table(data: bytes) -> pd.DataFrame:
    """A coexist CSV table as a DataFrame: dates as dates, actions as categories."""
    df = pd.read_csv(io.BytesIO(data), keep_default_na=False, na_values=[""])
    actions = pd.CategoricalDtype(list(ACTIONS))
    for name in df.columns:
        if name == "date":
            df[name] = _dates(df[name])
        elif name.startswith(("action_", "perceived_by_")):
            df[name] = df[name].astype(actions)
        elif df[name].dtype == object:
            df[name] = df[name].astype("string")
    return df


class Scenario:
    """A scenario file, loaded and validated by coexist's own loader.

    ``coexist.load(path, set={...})`` makes one; a bad file raises :class:`ScenarioError`
    with the command line's message and ``file``, ``line``, ``column`` and ``key``.
    """

    def __init__(self, inner: _coexist.Scenario) -> None:
        self._inner = inner

    @property
    def path(self) -> Path:
        """The scenario file."""
        return Path(self._inner.path)

    @property
    def name(self) -> str:
        """The scenario's name: its result folder's name."""
        return self._inner.name

    @property
    def rounds(self) -> int:
        return self._inner.rounds

    @property
    def replicates(self) -> int:
        return self._inner.replicates

    @property
    def seed(self) -> int:
        return self._inner.seed

    @property
    def agents(self) -> tuple[str, str]:
        """The two agents' ids, as the per-agent columns end."""
        a, b = self._inner.agents
        return (a, b)

    @property
    def overrides(self) -> list[str]:
        """The ``KEY=VALUE`` overrides it was loaded with, as ``--set`` takes them."""
        return list(self._inner.set)

    def resolved(self) -> dict:
        """The resolved scenario (after ``extends`` and overrides), as manifest.json records it."""
        return json.loads(self._inner.to_json())

    def with_set(self, set: Mapping[str, Any]) -> "Scenario":
        """The same file with more overrides, validated again."""
        return Scenario(self._inner.with_set(_assignments(set)))

    def run(
        self,
        replicates: Optional[int] = None,
        seed: Optional[int] = None,
        rounds: Optional[int] = None,
        trajectories: Optional[int] = None,
        jobs: Optional[int] = None,
        progress: bool = False,
    ) -> "Result":
        """Plays every replicate and returns the tables ``coexist run`` would write.

        ``replicates``, ``seed`` and ``rounds`` override the file's, as the command line's
        flags of those names do. ``trajectories`` keeps the trajectories of the first N
        replicates only (all by default). ``jobs`` is the number of threads (all cores by
        default; the numbers do not depend on it). ``progress=True`` shows a tqdm bar.
        """
        given = _flags(replicates=replicates, seed=seed, rounds=rounds)
        scenario = Scenario(self._inner.with_set(given)) if given else self
        update, bar = _bar(progress, scenario.replicates, "replicates")
        try:
            tables = _coexist.run(scenario._inner, trajectories, jobs, update)
        finally:
            if bar is not None:
                bar.close()
        return Result(scenario, tables, trajectories)

    def __repr__(self) -> str:
        return repr(self._inner)


class Result:
    """One run's tables as DataFrames: ``summary`` (a row per replicate), ``ensemble`` (a row
    per round: means and percentiles across replicates), ``trajectories`` (a row per round of
    each kept replicate), ``events`` (a row per event that fired), and ``manifest`` (a dict).
    """

    def __init__(self, scenario: Scenario, tables: Mapping[str, bytes], trajectories: Optional[int]) -> None:
        self.scenario = scenario
        self._tables = dict(tables)
        self._kept = trajectories
        self._frames: dict[str, pd.DataFrame] = {}

    def _frame(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            self._frames[name] = _table(self._tables[name])
        return self._frames[name]

    @property
    def summary(self) -> pd.DataFrame:
        """A row per replicate: scenario, seed, replicate and every summary metric."""
        return self._frame("summary")

    @property
    def ensemble(self) -> pd.DataFrame:
        """A row per round: each quantity's mean and percentiles across replicates."""
        return self._frame("ensemble")

    @property
    def trajectories(self) -> pd.DataFrame:
        """A row per round of each kept replicate: actions, perceptions, payoffs, state."""
        return self._frame("trajectories")

    @property
    def events(self) -> pd.DataFrame:
        """A row per event that fired in a kept replicate: replicate, round, date, name, kind."""
        return self._frame("events")

    @property
    def manifest(self) -> dict:
        """What manifest.json records: the resolved scenario, seed, version, percentiles."""
        return json.loads(self._tables["manifest"])

    def csv(self, table: str) -> bytes:
        """The bytes of ``summary``, ``ensemble``, ``trajectories`` or ``events`` as
        ``coexist run`` writes them."""
        return self._tables[table]

    def write(self, out: PathLike = "output", force: bool = False, jobs: Optional[int] = None) -> Path:
        """Writes this result's folder, ``out/<scenario name>/``, exactly as
        ``coexist run FILE --out OUT`` with the same overrides does (the run is played again
        by the command line's own code; the same seed gives the same bytes). Returns it."""
        args = [str(self.scenario.path)]
        for assignment in self.scenario.overrides:
            args += ["--set", assignment]
        if self._kept is not None:
            args += ["--trajectories", str(self._kept)]
        args += ["--out", os.fspath(out)]
        if force:
            args.append("--force")
        _coexist.write(args, jobs)
        return Path(out) / self.scenario.name

    def __repr__(self) -> str:
        return f"<coexist result of {self.scenario.name!r}: {len(self.summary)} replicates>"


def load(path: PathLike, set: Optional[Mapping[str, Any]] = None) -> Scenario:
    """Loads and validates a scenario file, with ``set`` overrides (``{"agents.usa.perception.noise": 0.2}``),
    as ``coexist run FILE --set KEY=VALUE`` does. A bad file raises :class:`ScenarioError`."""
    return Scenario(_coexist.load(os.fspath(path), _assignments(set)))


def run(
    path: PathLike,
    set: Optional[Mapping[str, Any]] = None,
    replicates: Optional[int] = None,
    seed: Optional[int] = None,
    rounds: Optional[int] = None,
    trajectories: Optional[int] = None,
    jobs: Optional[int] = None,
    progress: bool = False,
) -> Result:
    """Loads the scenario file at ``path`` with ``set`` overrides and plays it: the tables
    ``coexist run`` writes, as DataFrames (``result.summary``, ``.ensemble``,
    ``.trajectories``, ``.events``, ``.manifest``; ``result.write(out)`` writes the folder).

    ``replicates``, ``seed`` and ``rounds`` override the file's; ``trajectories`` keeps those
    of the first N replicates only; ``jobs`` is the number of threads (the numbers do not
    depend on it); ``progress=True`` shows a tqdm bar. Same as ``load(path, set).run(...)``.
    """
    return load(path, set).run(
        replicates=replicates, seed=seed, rounds=rounds, trajectories=trajectories, jobs=jobs, progress=progress
    )


def _vary(key: str, value: Any) -> str:
    """A ``vary`` entry as a ``--vary`` specification."""
    if isinstance(value, str):
        return f"{key}={value}"
    if isinstance(value, range):
        value = list(value)
    if isinstance(value, tuple) and len(value) in (2, 3) and all(isinstance(v, (int, float)) for v in value):
        return f"{key}=" + ":".join(repr(v) for v in value)
    if isinstance(value, (list, tuple)):
        return f"{key}=" + ",".join(v if isinstance(v, str) else _toml(v) for v in value)
    raise TypeError(f"vary[{key!r}]: give (lo, hi, step), (lo, hi), a list of values or a --vary string")


def sweep(
    path: PathLike,
    vary: Mapping[str, Any],
    design: str = "grid",
    samples: Optional[int] = None,
    replicates: Optional[int] = None,
    seed: Optional[int] = None,
    set: Optional[Mapping[str, Any]] = None,
    jobs: Optional[int] = None,
    progress: bool = False,
    wide: bool = False,
) -> pd.DataFrame:
    """Plays a parameter sweep and returns its long table (``sweep_long.csv``: a row per point
    and metric with mean, CI, n and seed), or with ``wide=True`` its wide one (``sweep.csv``).

    ``vary`` maps each key to ``(lo, hi, step)`` (a grid), ``(lo, hi)`` (a range for
    ``design="lhs"``), a list of values, or a ``--vary`` string; keys joined by ``+`` take
    each value together. ``samples`` is the number of Latin hypercube points.
    """
    assignments = _assignments(set) + _flags(replicates=replicates, seed=seed)
    specs = [_vary(k, v) for k, v in vary.items()]
    update, bar = _bar(progress, None, "points")
    try:
        wide_bytes, long_bytes, _points = _coexist.sweep(os.fspath(path), assignments, specs, design, samples, jobs, update)
    finally:
        if bar is not None:
            bar.close()
    return _table(wide_bytes if wide else long_bytes)


class Tournament:
    """A round robin's results: ``table`` (a row per ordered pair), ``payoffs`` (mean payoff
    per round of the row strategy against the column one) and ``engagement`` (share of rounds
    of mutual engagement), as ``coexist tournament`` writes them."""

    def __init__(self, table: pd.DataFrame) -> None:
        self.table = table
        self.payoffs = table.pivot(index="strategy", columns="opponent", values="payoff")
        self.engagement = table.pivot(index="strategy", columns="opponent", values="mutual_engagement")

    def ranking(self) -> pd.Series:
        """Each strategy's mean payoff per round against the field, best first."""
        return self.payoffs.mean(axis=1).sort_values(ascending=False)

    def __repr__(self) -> str:
        return f"<coexist tournament of {len(self.payoffs)} strategies>"


def tournament(
    strategies: Sequence[str],
    scenario: PathLike,
    replicates: Optional[int] = None,
    rounds: Optional[int] = None,
    seed: Optional[int] = None,
    set: Optional[Mapping[str, Any]] = None,
    jobs: Optional[int] = None,
) -> Tournament:
    """Plays every ordered pair of ``strategies`` in the world of the ``scenario`` file."""
    assignments = _assignments(set) + _flags(replicates=replicates, rounds=rounds, seed=seed)
    data = _coexist.tournament(os.fspath(scenario), assignments, list(strategies), jobs, None)
    return Tournament(_table(data))


def compare(inputs: Iterable[Union[PathLike, Result]], against: int = 0, out: Optional[PathLike] = None) -> pd.DataFrame:
    """The differences table (``differences.csv``) of results, each against ``inputs[against]``:
    paired replicate by replicate when they share seed and replicates, else Welch.

    Each input is a result folder written by ``coexist run`` or :meth:`Result.write`, or a
    :class:`Result`, which is written first into ``out`` (a temporary folder by default).
    """
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folders = []
        for i in inputs:
            if isinstance(i, Result):
                folders.append(os.fspath(i.write(out if out is not None else Path(tmp) / str(len(folders)))))
            else:
                folders.append(os.fspath(i))
        return _table(_coexist.compare(folders, against))


def strategies() -> pd.DataFrame:
    """The strategy catalogue: name, rule, memory, stochastic, what it reads, its parameters
    and its published source, as ``coexist strategies`` lists them."""
    return pd.DataFrame(_coexist.strategies())
