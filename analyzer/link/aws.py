"""AWS channel names: environment variables handed by templates, and queue URLs and ARNs cut to names."""

from __future__ import annotations

import re
from collections.abc import Iterable

from analyzer.model import EnvVar

_ENV = re.compile(r"\$\{env:([^}]+)\}")


class Environment:
    """The environment variables infrastructure files hand to code, by the folders they apply to."""

    def __init__(self, variables: Iterable[EnvVar]) -> None:
        self.variables: dict[str, list[EnvVar]] = {}
        for variable in sorted(variables, key=lambda v: v.location):
            self.variables.setdefault(variable.name, []).append(variable)

    def value(self, name: str, path: str) -> str | None:
        """The value of `name` for code at `path`: the variable whose scope is the closest folder.

        Code outside every scope (a helper module shared by functions) gets the value when all
        the variables of that name agree on it.
        """
        best: EnvVar | None = None
        candidates = self.variables.get(name, [])
        for variable in candidates:
            scope = variable.scope.rstrip("/")
            if scope and not (path == scope or path.startswith(scope + "/")):
                continue
            if best is None or len(scope) > len(best.scope.rstrip("/")):
                best = variable
        if best is not None:
            return best.value
        values = {variable.value for variable in candidates}
        return values.pop() if len(values) == 1 else None

    def substitute(self, text: str, path: str) -> str:
        """`text` with every ``${env:NAME}`` replaced by its value, or by ``$NAME`` when unknown."""

        def replace(match: re.Match[str]) -> str:
            value = self.value(match.group(1), path)
            return value if value is not None else f"${match.group(1)}"

        return _ENV.sub(replace, text)


def channel_name(transport: str, name: str) -> str:
    """The name AWS code and templates agree on: a queue URL or an ARN cut to the resource's name.

    ``https://sqs.eu-west-1.amazonaws.com/123/orders`` and ``arn:aws:sqs:eu-west-1:123:orders`` are
    both the queue ``orders``; ``arn:aws:sns:…:order-events`` is the topic ``order-events``; an
    EventBridge bus ARN ``arn:aws:events:…:event-bus/orders`` is the bus ``orders``.
    """
    if transport == "sqs" and "://" in name:
        return name.rstrip("/").rsplit("/", 1)[-1]
    if transport in ("sqs", "sns") and name.startswith("arn:"):
        return name.rsplit(":", 1)[-1]
    if transport == "eventbridge" and name.startswith("arn:") and "event-bus/" in name:
        return name.split("event-bus/", 1)[1]
    return name
