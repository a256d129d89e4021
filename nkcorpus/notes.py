"""Notes collected while parsing one input: the material of ``status`` and ``reasons``."""

from __future__ import annotations

from dataclasses import dataclass, field

LEVELS = ("info", "warning", "error")


@dataclass
class Notes:
    """An ordered list of ``(level, message)`` pairs; level is info, warning or error."""

    items: list[tuple[str, str]] = field(default_factory=list)

    def info(self, message: str) -> None:
        self.items.append(("info", message))

    def warn(self, message: str) -> None:
        self.items.append(("warning", message))

    def error(self, message: str) -> None:
        self.items.append(("error", message))

    def extend(self, other: Notes) -> None:
        self.items.extend(other.items)

    @property
    def status(self) -> str:
        """``error`` if any error, else ``warning`` if any warning, else ``ok``."""
        levels = {level for level, _ in self.items}
        if "error" in levels:
            return "error"
        return "warning" if "warning" in levels else "ok"

    @property
    def reasons(self) -> str:
        """Messages joined with ``; `` in the order they were noted, errors first."""
        order = {"error": 0, "warning": 1, "info": 2}
        ranked = sorted(enumerate(self.items), key=lambda p: (order[p[1][0]], p[0]))
        return "; ".join(message for _, (_, message) in ranked)
