"""Messages by declaration: classes whose bases, module or configured kind say they are messages."""

from __future__ import annotations

import fnmatch

from analyzer.link.state import LinkState
from analyzer.model import (
    Evidence,
    Kind,
    Tier,
)

EXCLUDED_BASES = frozenset(
    {
        "Enum",
        "IntEnum",
        "StrEnum",
        "Flag",
        "IntFlag",
        "Exception",
        "BaseException",
        "Protocol",
        "TypedDict",
        "ABC",
    }
)


class Declarations(LinkState):
    def _classes_by_declaration(self) -> None:
        n = self.names
        # The evidence a base word or a module name part gives, looked up once per word rather
        # than tested against every vocabulary list for every class.
        by_base = _evidence_by_word(
            Tier.BASE,
            "base class",
            (n.command_bases, n.event_bases, n.query_bases, n.message_bases),
        )
        by_part = _evidence_by_word(
            Tier.MODULE,
            "module",
            (n.command_modules, n.event_modules, n.query_modules, n.message_modules),
        )
        by_module: dict[str, list[Evidence]] = {}
        configured = any(
            (self.config.kinds.commands, self.config.kinds.events, self.config.kinds.queries)
        )
        for qualname, (facts, cls) in self.symbols.classes.items():
            if cls.name in ("Config", "Meta") and "." in cls.qualname:
                continue
            words = self.symbols.all_base_words(qualname)
            if any(word in EXCLUDED_BASES for word, _ in words):
                continue
            found: list[Evidence] = [e for word, _owner in words for e in by_base.get(word, ())]
            module_evidence = by_module.get(facts.module)
            if module_evidence is None:  # by its import name: the folders above a root say nothing
                module_evidence = by_module[facts.module] = [
                    e for part in facts.imported_as.split(".") for e in by_part.get(part, ())
                ]
            found += module_evidence
            if self.names.handler_base_kind(cls.name) is not None or any(
                self.names.handler_base_kind(word) is not None for word, _ in words
            ):
                continue  # a handler class living in commands.py is not a message
            config_kind = self._config_kind(qualname) if configured else None
            if config_kind is not None:
                found.append(config_kind)
            if found:
                self.recognised.add(qualname)
                self.evidence[qualname].extend(found)

    def _config_kind(self, qualname: str) -> Evidence | None:
        for patterns, kind in (
            (self.config.kinds.commands, Kind.COMMAND),
            (self.config.kinds.events, Kind.EVENT),
            (self.config.kinds.queries, Kind.QUERY),
        ):
            for pattern in patterns:
                if fnmatch.fnmatchcase(qualname, pattern):
                    return Evidence(Tier.CONFIG, kind, f"configured in kinds.{kind.value}s")
        return None

    def _is_base_root(self, qualname: str) -> bool:
        name = qualname.rsplit(".", 1)[-1]
        n = self.names
        return name in n.command_bases | n.event_bases | n.query_bases | n.message_bases

    def _drop_abstract_bases(self) -> None:
        """Base classes of messages (``class Event``, ``class ShopEvent(Event)``) are not messages."""
        parents: set[str] = set()
        for qualname in self.recognised:
            parents.update(self.symbols.ancestors(qualname))
        containers = {q.rpartition(".")[0] for q in self.recognised}
        for qualname in list(self.recognised):
            if qualname in self.used:
                continue
            module_only = all(e.tier <= Tier.MODULE for e in self.evidence[qualname])
            if (
                qualname in parents
                or self._is_base_root(qualname)
                or (module_only and qualname in containers)  # `class Invoice:` holding its events
            ):
                self.recognised.discard(qualname)


def _evidence_by_word(
    tier: Tier, what: str, lists: tuple[frozenset[str], ...]
) -> dict[str, list[Evidence]]:
    """Word → the evidence it gives: one per vocabulary list (commands, events, queries,
    messages, in that order) that holds it."""
    kinds = (Kind.COMMAND, Kind.EVENT, Kind.QUERY, Kind.UNKNOWN)
    found: dict[str, list[Evidence]] = {}
    for words, kind in zip(lists, kinds, strict=True):
        for word in words:
            found.setdefault(word, []).append(Evidence(tier, kind, f"{what} {word}"))
    return found
