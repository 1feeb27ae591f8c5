"""The generic in-house bus recogniser: registries, handler decorators, registration calls, sends."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from analyzer.extract import bus
from analyzer.extract.recogniser import Recogniser
from analyzer.model import FunctionFact, Ref

if TYPE_CHECKING:
    from analyzer.extract.visitor import FileVisitor as FileContext


class GenericBus(Recogniser):
    """cosmicpython-style registries, decorator buses and mediators; no markers: any file may count."""

    name = "generic"

    def on_call(self, ctx: FileContext, node: cst.Call) -> None:
        if ctx.is_claimed(node):
            return
        for registration in bus.call_registrations(ctx, node):
            ctx.add_registration(registration)
        site = bus.send_site(ctx, node)
        if site is not None:
            message_node, sends = site
            for send in sends:
                ctx.add_send(send, message_node)

    def on_function(
        self, ctx: FileContext, node: cst.FunctionDef, fact: FunctionFact, handler: Ref
    ) -> None:
        for decorator in node.decorators:
            if ctx.is_claimed(decorator):
                continue
            for registration in bus.decorator_registrations(
                ctx, decorator, handler, fact.message_params
            ):
                ctx.add_registration(registration)

    def on_class(self, ctx: FileContext, node: cst.ClassDef, qualname: str) -> None:
        cls = ctx.class_fact(qualname)
        if cls is None or cls.handle_method is None:
            return
        handler = Ref(f"{qualname}.{cls.handle_method}", node.name.value)
        for decorator in node.decorators:
            for registration in bus.decorator_registrations(ctx, decorator, handler, None):
                ctx.add_registration(registration)

    def on_assign(
        self, ctx: FileContext, target: cst.BaseAssignTargetExpression, value: cst.BaseExpression
    ) -> None:
        if isinstance(value, cst.Dict):
            if isinstance(target, cst.Name):
                for registration in bus.registry_entries(ctx, target.value, value):
                    ctx.add_registration(registration)
            elif isinstance(target, cst.Attribute):
                for registration in bus.registry_entries(ctx, target.attr.value, value):
                    ctx.add_registration(registration)
        if isinstance(target, cst.Subscript):
            for registration in bus.subscript_registration(ctx, target, value):
                ctx.add_registration(registration)

    def on_return(self, ctx: FileContext, node: cst.Return) -> None:
        if isinstance(node.value, cst.Dict):
            name = ctx.stack.function().qualname.rsplit(".", 1)[-1]
            for registration in bus.registry_entries(ctx, name, node.value):
                ctx.add_registration(registration)
