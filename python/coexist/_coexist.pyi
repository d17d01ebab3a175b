"""Type stubs of coexist's compiled module; the `coexist` package wraps it."""

from os import PathLike
from typing import Callable, Optional, Union

__version__: str

class CoexistError(Exception):
    """An error of coexist, with the message the command line prints."""

class ScenarioError(CoexistError):
    """A scenario file or override is wrong; where, of the first problem (`errors`: all)."""

    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    key: Optional[str]
    errors: list[dict[str, Optional[Union[str, int]]]]

class UsageError(CoexistError):
    """An argument is wrong in a way that is not about a scenario file."""

class Scenario:
    @property
    def path(self) -> str: ...
    @property
    def set(self) -> list[str]: ...
    @property
    def name(self) -> str: ...
    @property
    def rounds(self) -> int: ...
    @property
    def replicates(self) -> int: ...
    @property
    def seed(self) -> int: ...
    @property
    def agents(self) -> list[str]: ...
    def to_json(self) -> str: ...
    def with_set(self, more: list[str]) -> Scenario: ...

Progress = Optional[Callable[[int], object]]

def load(path: Union[str, PathLike[str]], set: list[str]) -> Scenario: ...
def run(
    scenario: Scenario, trajectories: Optional[int] = None, jobs: Optional[int] = None, progress: Progress = None
) -> dict[str, bytes]: ...
def write(args: list[str], jobs: Optional[int] = None) -> None: ...
def sweep(
    path: str,
    set: list[str],
    vary: list[str],
    design: str = "grid",
    samples: Optional[int] = None,
    jobs: Optional[int] = None,
    progress: Progress = None,
) -> tuple[bytes, bytes, int]: ...
def tournament(
    path: str, set: list[str], strategies: list[str], jobs: Optional[int] = None, progress: Progress = None
) -> bytes: ...
def compare(folders: list[str], reference: int) -> bytes: ...
def strategies() -> list[dict[str, object]]: ...
