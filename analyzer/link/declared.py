"""Messages by declaration: classes whose bases, module or configured kind say they are messages.

Evidence is strong (configuration, a message base class, a registration that names a kind) or
weak (the module's name, the class's name). A class is a message when strong evidence declares
it or the code uses it as one (sends, emits, handles or routes it); weak evidence only labels
the kind of such a class.
"""

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
            found = self._base_evidence(qualname, by_base)
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

    def _base_evidence(self, qualname: str, by_base: dict[str, list[Evidence]]) -> list[Evidence]:
        """What the base classes say, the nearest first: of the bases that name a kind, only the
        nearest count (``class GetOrder(Query)`` with ``class Query(Command)`` is a query, not a
        conflict); message bases of no kind (``Message``) count at any distance."""
        depth = {qualname: 0}
        for owner in (qualname, *self.symbols.ancestors(qualname)):
            for resolved, _ in self.symbols.base_names(owner):
                if resolved in self.symbols.classes and resolved not in depth:
                    depth[resolved] = depth[owner] + 1
        found: list[tuple[int, Evidence]] = [
            (depth.get(owner, 0), e)
            for word, owner in self.symbols.all_base_words(qualname)
            for e in by_base.get(word, ())
        ]
        kinds = [d for d, e in found if e.kind is not Kind.UNKNOWN]
        nearest = min(kinds, default=0)
        return [e for d, e in found if e.kind is Kind.UNKNOWN or d == nearest]

    def _is_base_root(self, qualname: str) -> bool:
        name = qualname.rsplit(".", 1)[-1]
        n = self.names
        return name in n.command_bases | n.event_bases | n.query_bases | n.message_bases

    def _drop_non_messages(self) -> None:
        """Keep the classes that are messages: declared by strong evidence or used as one.

        Dropped, unless the code uses them as messages: classes known only from weak evidence
        (a module named ``commands``: result DTOs, DAOs, helpers); base classes of messages
        (``class Event``, ``class ShopEvent(Event)``); and the other classes of a framework
        module, one that defines a message base class that other modules extend (the abstract
        building blocks next to it, such as a ``CompositeEvent``).
        """
        parents: set[str] = set()
        for qualname in self.recognised:
            parents.update(self.symbols.ancestors(qualname))
        frameworks = self._framework_modules(parents)
        for qualname in list(self.recognised):
            if qualname in self.used:
                continue
            evidence = self.evidence[qualname]
            if any(e.tier is Tier.CONFIG for e in evidence):
                continue
            if (
                not any(e.tier >= Tier.REGISTRY for e in evidence)
                or qualname in parents
                or self._is_base_root(qualname)
                or self._module_of(qualname) in frameworks
            ):
                self.recognised.discard(qualname)

    def _framework_modules(self, parents: set[str]) -> set[str]:
        """Modules defining a message base class that classes of other modules extend, and no
        message in use other than such bases: a framework's (or a seedwork's) module."""
        found: set[str] = set()
        for qualname in self.recognised:
            module = self._module_of(qualname)
            for ancestor in self.symbols.ancestors(qualname):
                owner = self._module_of(ancestor)
                if owner != module:
                    found.add(owner)
        return found - {self._module_of(q) for q in self.used if q not in parents}

    def _module_of(self, qualname: str) -> str:
        return self.symbols.classes[qualname][0].module if qualname in self.symbols.classes else ""


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
