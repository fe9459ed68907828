"""Problems found in an input file or a ruleset, reported all at once.

Every problem carries where it is (file, line, column, the dotted path of the field) and what is
wrong with it, so a clerk can go straight to the line. Loading and parsing collect problems into a
`Problems` list and raise a single error at the end; nothing downstream ever sees a half-read file.
"""

from __future__ import annotations

from msgspec import Struct, field

from exportcheck.vocab import safe


class Mark(Struct, frozen=True):
    """A 1-based line and column in a source file."""

    line: int
    column: int


class Problem(Struct, frozen=True):
    file: str
    mark: Mark | None
    path: str
    message: str

    def __str__(self) -> str:
        """The problem in one line for people (a terminal, standard error, a JUnit error):
        whatever the input put in the file name, the path or the message is escaped there."""
        where = self.file
        if self.mark is not None:
            where = f"{where}:{self.mark.line}:{self.mark.column}"
        if self.path:
            return safe.terminal(f"{where}: {self.path}: {self.message}")
        return safe.terminal(f"{where}: {self.message}")


HINTS = 200
"""The most "did you mean" hints worked out for one file; later problems are listed without."""


class Problems(Struct):
    """A collector of problems for one file."""

    file: str
    items: list[Problem] = field(default_factory=list)
    hints: int = 0
    """How many "did you mean" hints were worked out for this file (see `may_hint`)."""

    def add(self, mark: Mark | None, path: str, message: str) -> None:
        self.items.append(Problem(self.file, mark, path, message))

    def may_hint(self) -> bool:
        """Whether to work out another "did you mean" hint: the first `HINTS` of a file get
        one, so a file of a hundred thousand misspelt keys costs time in proportion to its size,
        not minutes of string comparison."""
        self.hints += 1
        return self.hints <= HINTS

    def __bool__(self) -> bool:
        return bool(self.items)

    def sorted(self) -> tuple[Problem, ...]:
        def key(p: Problem) -> tuple[int, int, str, str]:
            if p.mark is None:
                return (0, 0, p.path, p.message)
            return (p.mark.line, p.mark.column, p.path, p.message)

        return tuple(sorted(self.items, key=key))


class ExportcheckError(Exception):
    """Base class for errors that mean "could not assess" (exit 2)."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class InputError(ExportcheckError):
    """The description file cannot be read or is not valid."""


class RulesetError(ExportcheckError):
    """A ruleset (bundled or user-supplied) cannot be read or is not valid."""


def raise_if_any(problems: Problems, error: type[ExportcheckError]) -> None:
    if problems:
        raise error(problems.sorted())


def key_path(parent: str, key: str) -> str:
    """`items[1]` + `hs_code` -> `items[1].hs_code`; the root's children have no leading dot."""
    return f"{parent}.{key}" if parent else key


def item_path(parent: str, position: int) -> str:
    """Sequence positions in paths are 1-based, like item ids: `items[1]` is the first item."""
    return f"{parent}[{position}]"
