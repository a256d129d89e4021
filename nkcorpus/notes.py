"""Notes collected while parsing one input: the material of ``status`` and ``reasons``.

A note may name the article-table field it is about (``published``, ``title``, ``outlet``…),
so that a correction of that field (``manifest.csv``) can retire the notes it answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LEVELS = ("info", "warning", "error")


@dataclass
class Notes:
    """An ordered list of ``(level, message, field)``; level is info, warning or error, and
    field the table column the note is about ("" for the file as a whole)."""

    items: list[tuple[str, str, str]] = field(default_factory=list)

    def info(self, message: str, *, about: str = "") -> None:
        self.items.append(("info", message, about))

    def warn(self, message: str, *, about: str = "") -> None:
        self.items.append(("warning", message, about))

    def error(self, message: str, *, about: str = "") -> None:
        self.items.append(("error", message, about))

    def drop(self, about: str) -> None:
        """Forget the notes about field ``about`` (a person has supplied its value)."""
        self.items = [n for n in self.items if n[2] != about]

    def extend(self, other: Notes) -> None:
        self.items.extend(other.items)

    @property
    def status(self) -> str:
        """``error`` if any error, else ``warning`` if any warning, else ``ok``."""
        levels = {level for level, _, _ in self.items}
        if "error" in levels:
            return "error"
        return "warning" if "warning" in levels else "ok"

    @property
    def reasons(self) -> str:
        """Messages joined with ``; `` in the order they were noted, errors first."""
        order = {"error": 0, "warning": 1, "info": 2}
        ranked = sorted(enumerate(self.items), key=lambda p: (order[p[1][0]], p[0]))
        return "; ".join(message for _, (_, message, _) in ranked)
