"""What an infrastructure file tells: channels, Lambda handlers of channels, environment variables."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from analyzer.model import (
    PATH_REF,
    ChannelDecl,
    ChannelRef,
    EnvVar,
    Family,
    Kind,
    Location,
    Ref,
    Registration,
)

FAMILIES = {"sqs": Family.POINT_TO_POINT, "sns": Family.BROADCAST, "eventbridge": Family.BROADCAST}


@dataclass(frozen=True)
class Function:
    """A Lambda function written in Python: its handler as a path reference, and its code folder."""

    logical_id: str
    handler: Ref
    folder: str
    file: str


@dataclass
class Collected:
    """The facts of one infrastructure file, in the order they were found."""

    path: str
    channels: list[ChannelDecl] = field(default_factory=list)
    registrations: list[Registration] = field(default_factory=list)
    environment: list[EnvVar] = field(default_factory=list)

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.path)

    def declare(
        self,
        transport: str,
        name: str,
        kind: Kind,
        location: Location,
        why: str,
        external: bool = False,
    ) -> None:
        self.channels.append(
            ChannelDecl(ChannelRef.literal(transport, name), kind, location, why, external)
        )

    def consumes(
        self, function: Function, transport: str, name: str, location: Location, via: str
    ) -> None:
        """The function is triggered by the channel: a handler of a queue, a subscriber otherwise."""
        family = FAMILIES[transport]
        verb = "consumes" if family is Family.POINT_TO_POINT else "subscribes to"
        self.registrations.append(
            Registration(
                message=Ref(None, ""),
                handler=function.handler,
                location=location,
                via=via,
                family=family,
                evidence=f"Lambda {function.logical_id} {verb} the {transport} channel",
                channel=ChannelRef.literal(transport, name),
            )
        )

    def variable(self, name: str, value: str, scope: str, location: Location) -> None:
        self.environment.append(EnvVar(name, value, scope, location))


def function(
    collected: Collected, logical_id: str, code_folder: str, handler: str
) -> Function | None:
    """A function whose handler (``app.handler``, ``src/orders/app.handler``) lives in `code_folder`.

    The module part names a file relative to the code folder (``pkg.app`` → ``pkg/app.py``); the
    code folder is relative to the infrastructure file's folder.
    """
    module, dot, name = handler.rpartition(".")
    if not dot or not module or not name:
        return None
    base = posixpath.normpath(posixpath.join(collected.folder, code_folder or "."))
    base = "" if base == "." else base
    file = posixpath.normpath(posixpath.join(base, module.replace(".", "/") + ".py"))
    text = f"{logical_id} ({handler})"
    return Function(logical_id, Ref(f"{PATH_REF}{file}:{name}", text), base, file)


def is_python(runtime: str | None) -> bool:
    """True unless a runtime is given and it is not Python (a Node.js function is not our code)."""
    return runtime is None or runtime.startswith("python")
