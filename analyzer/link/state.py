"""What linking carries from stage to stage: pending handlers, sends and channel uses, and the
linker's state."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from analyzer.config import Config
from analyzer.link.channels import Channels
from analyzer.link.infer.evaluate import Evaluator
from analyzer.link.symbols import Symbols
from analyzer.model import (
    Endpoint,
    Evidence,
    Family,
    FileFacts,
    Kind,
    Location,
    Registration,
    Send,
    Unknown,
)
from analyzer.vocabulary import Names


@dataclass(frozen=True)
class Target:
    """A message a registration or send resolved to: a class name, or an unknown site."""

    qualname: str | None
    text: str
    undefined: bool = False
    """True when the name is not defined anywhere (not merely unknown until run time)."""


@dataclass(frozen=True)
class PendingHandler:
    message: Target
    handler: str
    registration: Registration
    kind: Kind | None
    inferred: tuple[str, ...] = ()
    """How the inference found it (see `Edge.inferred`)."""


@dataclass(frozen=True)
class PendingSend:
    message: Target
    sender: str
    send: Send
    channel: str | None = None
    """The channel id the message travels through, when it does."""
    inferred: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChannelUse:
    """A handler of a channel, or a send to it; `node` is the channel id or an unknown node."""

    node: str
    endpoint: str
    location: Location
    via: str
    family: Family
    kind: Kind | None
    sends: bool
    send: Send | None = None
    group: str | None = None
    inferred: tuple[str, ...] = ()


@dataclass(frozen=True)
class Route:
    message: Target
    channel: str
    location: Location
    via: str


class LinkState:
    """The files, the symbols and what the stages have found so far."""

    def __init__(self, files: Sequence[FileFacts], names: Names, config: Config) -> None:
        self.files = sorted(files, key=lambda f: f.path)
        self.names = names
        self.config = config
        self.symbols = Symbols(self.files)
        self.evidence: dict[str, list[Evidence]] = defaultdict(list)
        self.recognised: set[str] = set()
        self.used: set[str] = set()
        self.endpoints: dict[str, Endpoint] = {}
        self.unknowns: dict[str, Unknown] = {}
        self.handlers: list[PendingHandler] = []
        self.sends: list[PendingSend] = []
        self.channels = Channels(self.symbols, self.files)
        self.infer = Evaluator(
            self.symbols, self.files, self.channels.constants, self.channels.bound
        )
        self.channel_uses: list[ChannelUse] = []
        self.routes: list[Route] = []
        self.modules_by_path = {f.path: f.module for f in self.files}
        self.payload_sites: dict[str, Location] = {}
        self.at_calls: dict[str, list[tuple[FileFacts, Send]]] = {}
        """Sends made where a function (or class) is called, by its qualified name."""
        self.called_sends: set[tuple[str, str | None, Location]] = set()
        """(caller, function run, place) of the calls that are such sends."""
