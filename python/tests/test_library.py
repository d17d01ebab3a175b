"""Behaves like a good Python library: Ctrl-C, progress, help, types."""

import subprocess
import sys
import textwrap

import coexist


def test_ctrl_c_raises_keyboard_interrupt_within_a_second_and_the_next_run_works(root):
    script = textwrap.dedent(
        """
        import os, signal, threading, time
        import coexist
        threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
        start = time.monotonic()
        try:
            coexist.run("tests/fixtures/everything.toml", replicates=50_000_000, trajectories=0)
            print("finished")
        except KeyboardInterrupt:
            print("interrupted", round(time.monotonic() - start - 1.0, 3))
        r = coexist.run("tests/fixtures/three_rounds.toml", replicates=3)
        print("then", len(r.summary))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.split()
    assert lines[0] == "interrupted", out.stdout
    assert float(lines[1]) < 1.0, f"stopped {lines[1]} s after Ctrl-C"
    assert lines[2:] == ["then", "3"]


def test_progress_goes_to_a_bar_only_when_asked(root, monkeypatch, capsys):
    monkeypatch.chdir(root)
    coexist.run("tests/fixtures/everything.toml", replicates=200)
    assert capsys.readouterr().err == ""
    coexist.run("tests/fixtures/everything.toml", replicates=200, progress=True)
    assert "200/200" in capsys.readouterr().err


def test_every_public_function_has_a_docstring_and_type_hints():
    for name in coexist.__all__:
        item = getattr(coexist, name)
        assert item.__doc__, name
        if callable(item) and not isinstance(item, type):
            assert item.__annotations__.get("return"), name
    assert "replicates" in coexist.Scenario.run.__doc__


def test_the_package_ships_its_type_stubs():
    from importlib import resources

    files = resources.files("coexist")
    assert (files / "py.typed").is_file()
    assert (files / "_coexist.pyi").is_file()


def test_other_python_threads_run_while_the_engine_does(root, monkeypatch):
    import threading
    import time

    monkeypatch.chdir(root)
    running = threading.Thread(
        target=coexist.run, args=("tests/fixtures/everything.toml",), kwargs={"replicates": 400_000, "trajectories": 0}
    )
    running.start()
    time.sleep(0.2)
    spins, start = 0, time.monotonic()
    while running.is_alive() and time.monotonic() - start < 0.5:
        spins += 1
    elapsed = time.monotonic() - start
    running.join()
    assert elapsed > 0.3, "the run was too short to tell"
    # A thread holding the GIL would let this loop run only at its switch interval (5 ms).
    assert spins > 10_000, spins
