"""The same engine, the same numbers: what Python gets is what the command line writes."""

import subprocess

import pandas as pd
import pytest

import coexist
from conftest import tree

FIXTURE = "tests/fixtures/everything.toml"


def test_a_result_written_from_python_is_byte_for_byte_the_command_lines_folder(root, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(root)
    result = coexist.load(FIXTURE, set={"agents.usa.perception.noise": 0.15}).run(replicates=40, seed=11, trajectories=6)
    mine = result.write(tmp_path / "py")
    subprocess.run(
        [str(cli), "run", FIXTURE, "--set", "agents.usa.perception.noise=0.15", "--set", "replicates=40",
         "--set", "seed=11", "--trajectories", "6", "--out", str(tmp_path / "cli"), "--quiet"],
        check=True,
    )
    theirs = tmp_path / "cli" / mine.name
    assert tree(mine) == tree(theirs)


def test_the_tables_in_memory_are_the_bytes_of_the_files(root, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(root)
    result = coexist.run(FIXTURE, replicates=25, seed=5)
    subprocess.run([str(cli), "run", FIXTURE, "--replicates", "25", "--seed", "5", "--out", str(tmp_path), "--quiet"], check=True)
    folder = tmp_path / result.scenario.name
    for table in ["summary", "ensemble", "trajectories", "events"]:
        assert result.csv(table) == (folder / f"{table}.csv").read_bytes(), table


def test_the_numbers_do_not_depend_on_the_thread_count(root, monkeypatch):
    monkeypatch.chdir(root)
    one = coexist.run(FIXTURE, replicates=60, seed=3, jobs=1)
    two = coexist.run(FIXTURE, replicates=60, seed=3, jobs=2)
    assert one.csv("summary") == two.csv("summary")
    assert one.csv("trajectories") == two.csv("trajectories")


def test_another_seed_gives_other_numbers(root, monkeypatch):
    monkeypatch.chdir(root)
    assert coexist.run(FIXTURE, replicates=30, seed=1).csv("summary") != coexist.run(FIXTURE, replicates=30, seed=2).csv("summary")


def test_numbers_are_numbers_actions_are_categories_and_dates_are_dates(root, monkeypatch):
    monkeypatch.chdir(root)
    result = coexist.run("scenarios/baseline-2023.toml", replicates=10, trajectories=2)
    summary = result.summary
    assert len(summary) == 10
    assert pd.api.types.is_float_dtype(summary["mutual_engagement"])
    assert pd.api.types.is_integer_dtype(summary["replicate"])
    assert pd.api.types.is_datetime64_any_dtype(result.ensemble["date"])
    assert result.ensemble["date"].is_monotonic_increasing
    traj = result.trajectories
    assert set(traj["replicate"]) == {1, 2}
    assert isinstance(traj["action_usa"].dtype, pd.CategoricalDtype)
    assert list(traj["action_usa"].cat.categories) == ["engage", "markers", "retaliate"]
    assert result.manifest["scenario"]["name"] == "baseline-2023"


def test_overrides_reach_the_run_and_the_manifest(root, monkeypatch):
    monkeypatch.chdir(root)
    scenario = coexist.load(FIXTURE, set={"rounds": 7, "agents.usa.perception.noise": 0.3})
    assert scenario.rounds == 7
    result = scenario.run(replicates=5)
    assert result.ensemble["round"].max() == 7
    assert result.manifest["scenario"]["agents"][0]["perception"]["noise"] == pytest.approx(0.3)


def test_a_sweep_from_python_is_the_command_lines_sweep(root, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(root)
    vary = {"agents.usa.perception.noise": (0.0, 0.2, 0.1), "agents.china.strategy": ["grim", "tit_for_tat"]}
    long = coexist.sweep(FIXTURE, vary=vary, replicates=6)
    wide = coexist.sweep(FIXTURE, vary=vary, replicates=6, wide=True)
    subprocess.run(
        [str(cli), "sweep", FIXTURE, "--vary", "agents.usa.perception.noise=0.0:0.2:0.1",
         "--vary", "agents.china.strategy=grim,tit_for_tat", "--replicates", "6", "--out", str(tmp_path), "--quiet"],
        check=True,
    )
    pd.testing.assert_frame_equal(long, coexist._table((tmp_path / "sweep_long.csv").read_bytes()))
    pd.testing.assert_frame_equal(wide, coexist._table((tmp_path / "sweep.csv").read_bytes()))
    assert len(wide) == 6
    assert set(long["metric"]) >= {"mutual_engagement", "mean_tension"}


def test_a_latin_hypercube_gives_as_many_points_as_samples(root, monkeypatch):
    monkeypatch.chdir(root)
    wide = coexist.sweep(FIXTURE, vary={"agents.usa.audience": (0.0, 1.0)}, design="lhs", samples=9, replicates=4, wide=True)
    assert len(wide) == 9
    assert wide["agents.usa.audience"].between(0, 1).all()


def test_a_tournament_from_python_is_the_command_lines(root, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(root)
    names = ["tit_for_tat", "grim", "always_engage"]
    t = coexist.tournament(names, FIXTURE, replicates=12)
    subprocess.run(
        [str(cli), "tournament", FIXTURE, "--strategies", ",".join(names), "--replicates", "12",
         "--out", str(tmp_path), "--quiet"],
        check=True,
    )
    pd.testing.assert_frame_equal(t.table, coexist._table((tmp_path / "tournament.csv").read_bytes()))
    assert list(t.payoffs.index) == sorted(names)
    ranking = t.ranking()
    assert sorted(ranking.index) == sorted(names)
    assert ranking.is_monotonic_decreasing
    assert ranking["grim"] == pytest.approx(t.payoffs.loc["grim"].mean())


def test_compare_gives_the_command_lines_differences(root, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(root)
    a = coexist.run(FIXTURE, replicates=30, seed=4)
    b = coexist.run(FIXTURE, set={"agents.usa.perception.noise": 0.3}, replicates=30, seed=4)
    folders = [a.write(tmp_path / "a"), b.write(tmp_path / "b")]
    diffs = coexist.compare(folders)
    subprocess.run([str(cli), "compare", *map(str, folders), "--out", str(tmp_path / "cmp"), "--quiet"], check=True)
    pd.testing.assert_frame_equal(diffs, coexist._table((tmp_path / "cmp" / "differences.csv").read_bytes()))
    assert diffs["paired"].all()
    from_results = coexist.compare([a, b])
    pd.testing.assert_frame_equal(from_results.drop(columns=["scenario", "reference"]), diffs.drop(columns=["scenario", "reference"]))


def test_the_strategy_catalogue_lists_every_strategy_with_its_traits(cli):
    catalogue = coexist.strategies()
    listed = subprocess.run([str(cli), "strategies"], check=True, capture_output=True, text=True).stdout
    names = [line for line in listed.splitlines() if line and not line.startswith(" ")]
    assert list(catalogue["name"]) == names
    assert {"rule", "memory", "stochastic", "reads", "source"} <= set(catalogue.columns)
