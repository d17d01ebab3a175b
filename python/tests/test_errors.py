"""Bad input raises exceptions with the command line's messages and where the problem is."""

import subprocess

import pytest

import coexist


def test_a_bad_scenario_raises_scenario_error_with_file_line_column_and_key(root, monkeypatch):
    monkeypatch.chdir(root)
    with pytest.raises(coexist.ScenarioError) as caught:
        coexist.load("tests/bad/three_typos.toml")
    e = caught.value
    assert (e.file, e.line, e.column, e.key) == ("tests/bad/three_typos.toml", 4, 1, "replicate")
    assert len(e.errors) == 3
    assert [err["key"] for err in e.errors][1] == "agents.usa.perception.nosie"


def test_the_message_is_the_command_lines(root, cli, monkeypatch):
    monkeypatch.chdir(root)
    with pytest.raises(coexist.ScenarioError) as caught:
        coexist.load("tests/bad/three_typos.toml")
    printed = subprocess.run([str(cli), "validate", "tests/bad/three_typos.toml"], capture_output=True, text=True)
    assert printed.returncode == 2
    assert "error: " + str(caught.value) == printed.stderr.strip()


def test_a_bad_override_names_the_override(root, monkeypatch):
    monkeypatch.chdir(root)
    with pytest.raises(coexist.ScenarioError) as caught:
        coexist.load("tests/fixtures/everything.toml", set={"agents.usa.perception.noise": 2.0})
    assert caught.value.key == "agents.usa.perception.noise"
    assert "[0, 1]" in str(caught.value)


def test_a_value_python_cannot_give_a_scenario_is_a_type_error():
    with pytest.raises(TypeError, match="cannot give"):
        coexist.load("tests/fixtures/everything.toml", set={"rounds": object()})


def test_a_missing_file_is_a_scenario_error_naming_it(tmp_path):
    with pytest.raises(coexist.ScenarioError) as caught:
        coexist.load(tmp_path / "nowhere.toml")
    assert "nowhere.toml" in str(caught.value)


def test_an_unknown_strategy_is_a_usage_error_with_a_suggestion(root, monkeypatch):
    monkeypatch.chdir(root)
    with pytest.raises(coexist.UsageError, match="did you mean `grim`"):
        coexist.tournament(["grimm"], "tests/fixtures/everything.toml")


def test_threads_out_of_range_are_a_value_error(root, monkeypatch):
    monkeypatch.chdir(root)
    with pytest.raises(ValueError, match="1 to 256"):
        coexist.run("tests/fixtures/everything.toml", jobs=0)


def test_writing_a_different_result_over_one_is_refused_without_force(root, tmp_path, monkeypatch):
    monkeypatch.chdir(root)
    coexist.run("tests/fixtures/three_rounds.toml", seed=1).write(tmp_path)
    other = coexist.run("tests/fixtures/three_rounds.toml", seed=2)
    with pytest.raises(coexist.UsageError, match="holds a different result"):
        other.write(tmp_path)
    assert other.write(tmp_path, force=True) == tmp_path / "three-rounds"
