"""The one pass over a module: scopes, imports, classes, functions, and the bus idioms in them."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

import libcst as cst

from analyzer.extract import narrows, outcomes
from analyzer.extract.classes import class_fact
from analyzer.extract.expressions import (
    annotation_names,
    code,
    collection_element,
    dotted,
    root_name,
    string_value,
)
from analyzer.extract.mutations import (
    Bind,
    Change,
    Handed,
    call_mutation,
    changes_after,
    changes_of_parameter,
    describe_target,
)
from analyzer.extract.recogniser import Recogniser
from analyzer.extract.scopes import MODULE_SCOPE, Scope, ScopeStack
from analyzer.extract.values import value_of, worth_keeping
from analyzer.model import (
    Call,
    ChannelDecl,
    ChannelRef,
    ClassFact,
    Flow,
    FunctionFact,
    Location,
    Mutation,
    Op,
    Ref,
    Registration,
    Send,
    Val,
)
from analyzer.vocabulary import Names

_S = TypeVar("_S")


class FileVisitor:
    """Collects the facts of one module; recognisers read idioms through it (it is their context).

    `analyzer.extract.walk` drives it (visit_X before a node's children, leave_X after). Read the
    results from the public lists after the walk; locations are placeholders until
    `analyzer.extract.source.extract` resolves them (see `locate`).
    """

    def __init__(
        self,
        path: str,
        module: str,
        is_package: bool,
        names: Names,
        recognisers: tuple[Recogniser, ...] = (),
        import_name: str = "",
    ) -> None:
        self.path = path
        self.module = module
        """The module's name, unique in the tree (qualified names start with it)."""
        self.import_name = import_name or module
        """What Python calls the module: relative imports and Celery's task names use it."""
        self.is_package = is_package
        self.names = names
        self.recognisers = recognisers
        self.channels: list[ChannelDecl] = []
        self.located: list[cst.CSTNode] = []
        self._states: dict[int, Any] = {}
        self.constants: dict[str, str] = {}
        self.stack = ScopeStack()
        self.imports: dict[str, str] = {}
        self.aliases: dict[str, Ref] = {}
        self.classes: list[ClassFact] = []
        self.functions: list[FunctionFact] = []
        self.registrations: list[Registration] = []
        self.sends: list[Send] = []
        self.calls: list[Call] = []
        self.bound: list[str] = []
        """Names assigned at module level."""
        self._decorator_calls: set[int] = set()
        self.unused_calls: set[int] = set()
        """Calls whose value the function does not use itself (expression statements, returned
        calls), by node identity."""
        self.claimed: set[int] = set()
        """Calls and decorators a framework recogniser has read, by node identity."""
        self.flows: list[Flow] = []
        self._marks: dict[int, Val] = {}
        self._blocks: list[int] = []
        """The blocks (bodies of branches, loops, functions) the walk is in, by number."""
        self._block_count = 0

    # -- positions and names ------------------------------------------------------------

    def locate(self, node: cst.CSTNode) -> Location:
        """Where a node is. A placeholder (line -n for the n-th located node) during the walk:
        positions are computed afterwards for these nodes only, in one codegen pass."""
        self.located.append(node)
        return Location(self.path, -len(self.located), 0)

    def global_ref(self, node: cst.BaseExpression, instance: bool = False) -> Ref:
        """A name read in module scope: a class, a function, an imported module's attribute."""
        name = dotted(node)
        if name is None:
            return Ref(None, code(node), instance)
        head = name.split(".", 1)[0]
        scope = self.stack.function()
        cls = self.stack.enclosing_class()
        if name == scope.self_name and cls is not None:
            return Ref(cls, name, instance)  # `cls()` in a classmethod builds its own class
        if self.stack.is_enclosing_local(head):
            return Ref(None, name, instance)  # a local of this function or of one enclosing it
        return Ref(name, name, instance)

    def message_refs(self, node: cst.BaseExpression) -> tuple[Ref, ...]:
        """The message objects an expression evaluates to, as far as can be told statically."""
        if isinstance(node, cst.Await):
            return self.message_refs(node.expression)
        if isinstance(node, cst.Call):
            callee = node.func
            name = dotted(callee)
            if name is not None:
                return (self.global_ref(callee, instance=True),)
            return (Ref(None, code(node), True),)
        if isinstance(node, cst.Name):
            held = self.stack.resolve_local(node.value)
            if held is None:
                return (Ref(node.value, node.value),)
            return held or (Ref(None, node.value, True),)
        if isinstance(node, cst.Attribute):
            owner = root_name(node)
            if owner in ("self", "cls") or (owner and self.stack.is_local(owner)):
                return (Ref(None, code(node), True),)
            return (self.global_ref(node),)
        if isinstance(node, cst.List | cst.Tuple | cst.Set):
            refs: list[Ref] = []
            for element in node.elements:
                if isinstance(element, cst.StarredElement):
                    refs.append(Ref(None, code(element), True))
                else:
                    refs.extend(self.message_refs(element.value))
            return tuple(refs)
        return (Ref(None, code(node), True),)

    def handler_ref(self, node: cst.BaseExpression) -> Ref:
        """What a handler expression refers to: a function, a method, a class or an instance."""
        if isinstance(node, cst.Call):
            callee = dotted(node.func)
            if callee and callee.rsplit(".", 1)[-1] == "partial" and node.args:
                return self.handler_ref(node.args[0].value)
            if callee is not None:
                return self.global_ref(node.func, instance=True)
            return Ref(None, code(node))
        if isinstance(node, cst.Name):
            held = self.stack.resolve_local(node.value)
            if held:
                return held[0]
            if held is not None:
                return Ref(None, node.value)
            return Ref(node.value, node.value)
        if isinstance(node, cst.Attribute):
            owner = node.value
            if isinstance(owner, cst.Name):
                scope = self.stack.function()
                cls = self.stack.enclosing_class()
                if cls and scope.self_name == owner.value:
                    return Ref(f"{cls}.{node.attr.value}", code(node))
                held = self.stack.resolve_local(owner.value)
                if held and held[0].dotted:
                    return Ref(f"{held[0].dotted}.{node.attr.value}", code(node))
                if held is not None:
                    return Ref(None, code(node))
            return self.global_ref(node)
        return Ref(None, code(node))

    # -- what recognisers report --------------------------------------------------------

    def add_registration(self, registration: Registration) -> None:
        if registration.scope == MODULE_SCOPE and self.sender != MODULE_SCOPE:
            registration = dataclasses.replace(registration, scope=self.sender)
        self.registrations.append(registration)

    def add_send(self, send: Send, message_node: cst.BaseExpression | None = None) -> None:
        """Record a send; when the message is a local name, later changes to it are tracked.

        A message that does not resolve here keeps its expression for the linker to infer."""
        if message_node is not None and send.value is None:
            value = self.value(message_node)
            if send.message.dotted is None or (value.op is Op.PARAM and not value.args):
                send = dataclasses.replace(send, value=value)  # a parameter: maybe a wrapper
        if isinstance(message_node, cst.Name):
            self.stack.function().ops.append(
                Handed(message_node.value, len(self.sends), send.location)
            )
        self.sends.append(send)

    def add_channel(self, declaration: ChannelDecl) -> None:
        self.channels.append(declaration)

    def add_class(self, fact: ClassFact) -> None:
        """A class the code makes without a class statement: a library defines it at run time
        (the event class of an eventsourcing ``@event("Renamed")`` method)."""
        self.classes.append(fact)

    def claim(self, node: cst.CSTNode) -> None:
        """Mark a call or decorator as read by a framework recogniser: the generic bus leaves it
        alone (framework recognisers run before the generic one)."""
        self.claimed.add(id(node))

    def is_claimed(self, node: cst.CSTNode) -> bool:
        return id(node) in self.claimed

    def mark_value(self, node: cst.BaseExpression, value: Val) -> None:
        """Tell the inference what an expression stands for, when a recogniser knows better than
        its shape (``app.signature("charge")`` is a handle of the Celery task ``charge``)."""
        self._marks[id(node)] = value

    def marked_value(self, node: cst.BaseExpression) -> Val | None:
        return self._marks.get(id(node))

    def value(self, node: cst.BaseExpression) -> Val:
        """An expression as the linker's inference reads it (see `analyzer.extract.values`), for
        an operand that may become an unknown node (the code of what it cannot read is kept)."""
        return value_of(self, node)

    def flow_value(self, node: cst.BaseExpression) -> Val:
        """An expression kept in a scope's flow or a call site: unknown parts without their code."""
        return value_of(self, node, labelled=False)

    def state(self, owner: object, factory: Callable[[], _S]) -> _S:
        """Per-file state of a recogniser (names it bound, objects it saw), made on first use."""
        key = id(owner)
        if key not in self._states:
            self._states[key] = factory()
        found: _S = self._states[key]
        return found

    def class_fact(self, qualname: str) -> ClassFact | None:
        """A class of this module by its module-relative qualified name."""
        for fact in reversed(self.classes):
            if fact.qualname == qualname:
                return fact
        return None

    def channel_ref(self, transport: str, node: cst.BaseExpression) -> ChannelRef | None:
        """A channel name as written: a literal, a constant or enum member, an f-string or a
        ``str.format`` of those; a parameter or local as a `Val` part the linker infers.

        None when the expression is not a name at all (a call, a subscript of a variable).
        """
        text = code(node)
        if isinstance(node, cst.Call) and _formats_a_string(node):
            return ChannelRef(transport, (self.value(node),), text)
        if isinstance(node, cst.SimpleString):
            value = string_value(node)
            return ChannelRef(transport, (value,), text) if value is not None else None
        if isinstance(node, cst.ConcatenatedString):
            left = self.channel_ref(transport, node.left)
            right = self.channel_ref(transport, node.right)
            if left is None or right is None:
                return None
            return ChannelRef(transport, left.parts + right.parts, text)
        if isinstance(node, cst.FormattedString):
            parts: list[str | Ref | Val] = []
            for part in node.parts:
                if isinstance(part, cst.FormattedStringText):
                    parts.append(part.value)
                elif isinstance(part, cst.FormattedStringExpression) and dotted(part.expression):
                    parts.append(self._name_part(part.expression))
                elif isinstance(part, cst.FormattedStringExpression) and not part.format_spec:
                    parts.append(self.value(part.expression))
                else:
                    return ChannelRef(transport, (Ref(None, text),), text)
            return ChannelRef(transport, tuple(parts), text)
        if isinstance(node, cst.Name | cst.Attribute):
            return ChannelRef(transport, (self._name_part(node),), text)
        return None

    def channel_value(self, transport: str, node: cst.BaseExpression) -> ChannelRef:
        """Like `channel_ref`, and for any other expression a `Val` the linker infers."""
        found = self.channel_ref(transport, node)
        return (
            found if found is not None else ChannelRef(transport, (self.value(node),), code(node))
        )

    def _name_part(self, node: cst.BaseExpression) -> Ref | Val:
        """A name in a channel: a global or a class attribute read through ``self``/``cls`` the
        linker resolves, else (a parameter, a local, an attribute of one) a Val it infers."""
        ref = self.stack.self_attribute(node) or self.global_ref(node)
        return ref if ref.dotted is not None else self.value(node)

    # -- imports --------------------------------------------------------------------------

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            target = dotted(alias.name)
            if target is None:
                continue
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self._bind_import(alias.asname.name.value, target)
            else:
                head = target.split(".", 1)[0]
                self._bind_import(head, head)
                if "." in target:
                    # `import a.b` also makes `a.b` reachable through `a`.
                    self.imports.setdefault(target, target)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        base = dotted(node.module) if node.module is not None else ""
        level = len(node.relative)
        if level:
            package = self.import_name if self.is_package else self.import_name.rpartition(".")[0]
            parts = package.split(".") if package else []
            if level - 1:
                parts = parts[: -(level - 1)] if level - 1 <= len(parts) else []
            base = ".".join(p for p in [*parts, base or ""] if p)
        if base is None:
            return
        if isinstance(node.names, cst.ImportStar):
            self.imports.setdefault(f"*{base}", base)
            return
        for alias in node.names:
            name = dotted(alias.name)
            if name is None:
                continue
            local = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self._bind_import(local, f"{base}.{name}" if base else name)

    def _bind_import(self, local: str, target: str) -> None:
        if self.stack.current.kind == "module" or local not in self.imports:
            self.imports[local] = target

    # -- classes and functions --------------------------------------------------------

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        qualname = self.stack.child_qualname(node.name.value)
        fact = class_fact(node, qualname, self.locate(node.name), self.locate, self.global_ref)
        self.classes.append(fact)
        for decorator in node.decorators:
            self._mark_decorator(decorator)
        for recogniser in self.recognisers:
            recogniser.on_class(self, node, qualname)
        self.stack.push(Scope("class", qualname))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._add_flow(self.stack.pop())

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        qualname = self.stack.child_qualname(node.name.value)
        outer = self.stack.current
        class_qualname = outer.qualname if outer.kind == "class" else None
        scope = Scope("function", qualname, class_qualname=class_qualname)
        params = [*node.params.posonly_params, *node.params.params]
        is_static = any(dotted(d.decorator) == "staticmethod" for d in node.decorators)
        if class_qualname and params and not is_static:
            scope.self_name = params[0].name.value
            params = params[1:]
            is_class = any(dotted(d.decorator) == "classmethod" for d in node.decorators)
            scope.receiver = "class" if is_class or node.name.value == "__new__" else "instance"
        for param in [
            *params,
            *node.params.kwonly_params,
            *([node.params.star_arg] if isinstance(node.params.star_arg, cst.Param) else []),
            *([node.params.star_kwarg] if node.params.star_kwarg else []),
        ]:
            scope.params.add(param.name.value)
        if scope.self_name:
            scope.params.add(scope.self_name)
        scope.arguments = set(scope.params)
        every = [*node.params.posonly_params, *node.params.params]
        scope.positional = tuple(param.name.value for param in every)
        scope.keyword_only = tuple(param.name.value for param in node.params.kwonly_params)
        for param in [*every, *node.params.kwonly_params]:
            if param.annotation is not None:
                scope.types += self._types(param.name.value, param.annotation.annotation)
            if param.default is not None:
                scope.defaults.append((param.name.value, self.flow_value(param.default)))
        if node.returns is not None:
            found = self._types("", node.returns.annotation)
            scope.returns_type = found[0][1] if found else None
        for param in params:
            if param.annotation is not None:
                refs = tuple(
                    Ref(name, param.name.value, instance=True)
                    for name in annotation_names(param.annotation.annotation)
                    if name.split(".", 1)[0] not in scope.params
                )
                if refs:
                    scope.bindings[param.name.value] = refs
        message_params: tuple[Ref, ...] = ()
        if params:
            scope.message_param = params[0].name.value
            message_params = scope.bindings.get(params[0].name.value, ())
        fact = FunctionFact(
            qualname=qualname,
            name=node.name.value,
            location=self.locate(node.name),
            message_params=message_params,
            param_mutations=(),
            class_qualname=class_qualname,
        )
        for decorator in node.decorators:
            self._mark_decorator(decorator)
            self._applied(decorator, qualname)
        for recogniser in self.recognisers:
            recogniser.on_function(self, node, fact, Ref(qualname, node.name.value))
        self.stack.push(scope)
        self.functions.append(fact)

    def _types(self, name: str, annotation: cst.BaseExpression) -> list[tuple[str, Val]]:
        """The classes an annotation admits, each as a global name of the module; a collection
        of them (``list[Order]``, ``Iterable[Order]``) as a sequence of that name."""
        element = collection_element(annotation)
        if element is not None:
            return [(name, Val(Op.SEQ, args=(kind,))) for _, kind in self._types(name, element)]
        return [
            (name, Val(Op.NAME, found))
            for found in annotation_names(annotation)
            if not self.stack.is_enclosing_local(found.split(".", 1)[0])
        ]

    def _applied(self, decorator: cst.Decorator, qualname: str) -> None:
        """``@d(x)`` on ``f`` is the call ``d(x)(f)``: a fact, so decorator factories that register
        their function with their own parameters can be followed."""
        if not isinstance(decorator.decorator, cst.Call):
            return
        applied = Val(Op.CALL, args=(self.flow_value(decorator.decorator), Val(Op.NAME, qualname)))
        self.calls.append(Call.of(self.sender, applied, self.locate(decorator)))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        scope = self.stack.pop()
        self._finish_scope(scope)
        self._add_flow(scope)
        self._record_outcome(scope, original_node)
        if scope.message_param:
            changes = changes_of_parameter(scope.ops, scope.message_param)
            if changes or scope.narrows:
                for index in range(len(self.functions) - 1, -1, -1):
                    if self.functions[index].qualname == scope.qualname:
                        self.functions[index] = dataclasses.replace(
                            self.functions[index],
                            param_mutations=changes,
                            narrows=tuple(scope.narrows),
                        )
                        break

    def _record_outcome(self, scope: Scope, node: cst.FunctionDef) -> None:
        """Whether the function returns a value, and its obvious writes through injected objects."""
        params, self_name = outcomes.injected(node, scope.class_qualname is not None)
        writes = tuple(
            mutation
            for receiver, mutation in scope.writes
            if outcomes.through_injected(receiver, params, self_name)
        )
        if not writes and not scope.returns_value:
            return
        for index in range(len(self.functions) - 1, -1, -1):
            if self.functions[index].qualname == scope.qualname:
                self.functions[index] = dataclasses.replace(
                    self.functions[index], returns_value=scope.returns_value, writes=writes
                )
                break

    def _note_write(self, found: tuple[cst.BaseExpression, str] | None, node: cst.CSTNode) -> None:
        scope = self.stack.function()
        if found is not None and scope.kind == "function":
            scope.writes.append((found[0], Mutation(self.locate(node), found[1])))

    def leave_Module(self, original_node: cst.Module) -> None:
        self._finish_scope(self.stack.module)
        self._add_flow(self.stack.module)

    def _add_flow(self, scope: Scope) -> None:
        """Keep what a scope did with values, when it did anything the inference can read."""
        if not (
            scope.assigns
            or scope.stores
            or scope.results
            or scope.types
            or scope.positional
            or scope.keyword_only
        ):
            return
        self.flows.append(
            Flow.of(
                function=scope.qualname,
                params=scope.positional,
                receiver=scope.receiver,
                keyword_only=scope.keyword_only,
                defaults=tuple(scope.defaults),
                types=tuple(scope.types),
                assigns=tuple(scope.assigns),
                stores=tuple(scope.stores),
                returns=tuple(scope.results),
                returns_type=scope.returns_type,
            )
        )

    def _finish_scope(self, scope: Scope) -> None:
        """Attach to each send the changes its message underwent afterwards in the same scope."""
        for index, op in enumerate(scope.ops):
            if isinstance(op, Handed):
                changes = changes_after(scope.ops, index, op.name)
                if changes:
                    send = self.sends[op.send_index]
                    self.sends[op.send_index] = dataclasses.replace(
                        send, mutated_after=send.mutated_after + changes
                    )

    def _mark_decorator(self, decorator: cst.Decorator) -> None:
        if isinstance(decorator.decorator, cst.Call):
            self._decorator_calls.add(id(decorator.decorator))

    # -- statements -----------------------------------------------------------------------

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._assign(target.target, node.value)
            self._note_write(outcomes.write_target(target.target), target.target)
            self._note_bound(target.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._assign(node.target, node.value)
        self._bind_annotation(node)
        self._note_bound(node.target)

    def leave_Assign(self, original_node: cst.Assign) -> None:
        value = self.flow_value(original_node.value)
        for target in original_node.targets:
            self._flow_assign(target.target, value)

    def leave_AnnAssign(self, original_node: cst.AnnAssign) -> None:
        if original_node.value is not None:
            self._flow_assign(original_node.target, self.flow_value(original_node.value))
        if isinstance(original_node.target, cst.Name):
            self._flow_scope().types.extend(
                self._types(original_node.target.value, original_node.annotation.annotation)
            )
        elif isinstance(original_node.target, cst.Attribute):
            # ``self.log: EventLog = ...`` in a method: the attribute holds an instance of it
            for _, kind in self._types("", original_node.annotation.annotation):
                instance = Val(Op.CALL, args=(kind,))
                self._flow_scope().stores.append((self.flow_value(original_node.target), instance))

    def visit_For(self, node: cst.For) -> None:
        for recogniser in self.recognisers:
            recogniser.on_for(self, node)

    def leave_For(self, original_node: cst.For) -> None:
        iterated = self.flow_value(original_node.iter)
        self._flow_assign(original_node.target, Val(Op.EACH, args=(iterated,)))

    def leave_WithItem(self, original_node: cst.WithItem) -> None:
        if original_node.asname is not None:
            self._flow_assign(original_node.asname.name, self.flow_value(original_node.item))

    def leave_Return(self, original_node: cst.Return) -> None:
        scope = self.stack.function()
        if scope.kind == "function" and original_node.value is not None:
            scope.results.append(self.flow_value(original_node.value))

    def leave_Call(self, original_node: cst.Call) -> None:
        if id(original_node) in self._decorator_calls:
            return
        if not worth_keeping(original_node.func):
            return
        value = self.flow_value(original_node)
        if value.op is Op.CALL:
            self.calls.append(Call.of(self.sender, value, self.locate(original_node)))

    def _flow_scope(self) -> Scope:
        """Where an assignment's value is kept: the function, the class body or the module."""
        current = self.stack.current
        return current if current.kind == "class" else self.stack.function()

    def _flow_assign(self, target: cst.BaseExpression, value: Val) -> None:
        if value.op is Op.UNKNOWN:
            return  # nothing to follow: the local is unknown without it too
        scope = self._flow_scope()
        if isinstance(target, cst.Name):
            scope.assigns.append((target.value, value))
        elif isinstance(target, cst.Tuple | cst.List):
            for index, element in enumerate(target.elements):
                item = Val(Op.ITEM, args=(value, Val(Op.STR, str(index))))
                self._flow_assign(element.value, item)
        elif isinstance(target, cst.Attribute | cst.Subscript):
            scope.stores.append((self.flow_value(target), value))

    def _note_bound(self, target: cst.BaseExpression) -> None:
        if self.stack.current.kind != "module":
            return
        elements = target.elements if isinstance(target, cst.Tuple | cst.List) else None
        for node in [el.value for el in elements] if elements else [target]:
            if isinstance(node, cst.Name) and node.value not in self.bound:
                self.bound.append(node.value)

    def _bind_annotation(self, node: cst.AnnAssign) -> None:
        """``order: Order = repo.get(id)``: the annotation tells what a local holds when the
        value does not, so ``order.confirm()`` resolves."""
        scope = self.stack.function()
        if scope.kind != "function" or not isinstance(node.target, cst.Name):
            return
        local = node.target.value
        if any(ref.resolvable for ref in scope.bindings.get(local, ())):
            return
        refs = tuple(
            Ref(name, local, instance=True)
            for name in annotation_names(node.annotation.annotation)
            if name.split(".", 1)[0] not in scope.params
        )
        if refs:
            scope.bindings[local] = refs
            scope.params.add(local)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._note_write(outcomes.write_target(node.target), node.target)
        root = root_name(node.target)
        if root is not None:
            what = describe_target(node.target) or f"{code(node.target)} {code(node.operator)}"
            self._change(root, node.target, what.replace(" =", f" {code(node.operator)}"))

    def visit_Del(self, node: cst.Del) -> None:
        targets = node.target.elements if isinstance(node.target, cst.Tuple) else None
        for target in [el.value for el in targets] if targets else [node.target]:
            if isinstance(target, cst.Attribute | cst.Subscript):
                root = root_name(target)
                if root is not None:
                    self._change(root, target, f"del {code(target)}")

    def visit_Expr(self, node: cst.Expr) -> None:
        value = node.value
        if isinstance(value, cst.Await):
            value = value.expression
        if isinstance(value, cst.Call):
            self.unused_calls.add(id(value))

    def visit_Return(self, node: cst.Return) -> None:
        scope = self.stack.function()
        if outcomes.returns_value(node):
            scope.returns_value = True
        if isinstance(node.value, cst.Call | cst.Await):
            # A returned call's value is handed on to the caller, not used here.
            inner = node.value.expression if isinstance(node.value, cst.Await) else node.value
            self.unused_calls.add(id(inner))
        if scope.kind == "function":
            for recogniser in self.recognisers:
                recogniser.on_return(self, node)

    def visit_Yield(self, node: cst.Yield) -> None:
        self.stack.function().returns_value = True

    def _assign(self, target: cst.BaseAssignTargetExpression, value: cst.BaseExpression) -> None:
        self._track(target, value)
        self._constant(target, value)
        for recogniser in self.recognisers:
            recogniser.on_assign(self, target, value)

    def _constant(self, target: cst.BaseAssignTargetExpression, value: cst.BaseExpression) -> None:
        """``TOPIC = "orders"`` at module level, ``ORDERS = "orders"`` in a class body."""
        if not isinstance(target, cst.Name):
            return
        text = string_value(value) if isinstance(value, cst.SimpleString) else None
        if text is None:
            return
        scope = self.stack.current
        if scope.kind == "module":
            self.constants[target.value] = text
        elif scope.kind == "class":
            self.constants[f"{scope.qualname}.{target.value}"] = text

    def _track(self, target: cst.BaseAssignTargetExpression, value: cst.BaseExpression) -> None:
        """Local bindings, aliases and in-place changes, for sends and mutation tracking."""
        scope = self.stack.function()
        if isinstance(target, cst.Name):
            source = root_name(value) if isinstance(value, cst.Name | cst.Attribute) else None
            if isinstance(value, cst.Call | cst.Name | cst.List | cst.Tuple | cst.Await):
                refs = self.message_refs(value)
                if scope.kind == "function":
                    scope.bindings[target.value] = self._rebind(scope, target.value, refs)
            elif scope.kind == "function":
                scope.bindings.pop(target.value, None)
            if scope.kind == "function":
                scope.params.add(target.value)
            scope.ops.append(Bind(target.value, source, self.locate(target)))
            if self.stack.current.kind == "module" and isinstance(value, cst.Name | cst.Attribute):
                name = dotted(value)
                if name is not None:
                    self.aliases[target.value] = Ref(name, name)
            return
        if isinstance(target, cst.Tuple | cst.List):
            for element in target.elements:
                if isinstance(element.value, cst.Name):
                    scope.bindings.pop(element.value.value, None)
                    scope.ops.append(Bind(element.value.value, None, self.locate(element.value)))
            return
        root = root_name(target)
        what = describe_target(target)
        if root is not None and what is not None:
            self._change(root, target, what)

    def _rebind(self, scope: Scope, name: str, refs: tuple[Ref, ...]) -> tuple[Ref, ...]:
        """What a local holds after an assignment: only the new value when it replaces the old on
        every path (the same block, or one enclosing the old assignment's), else either (an
        assignment in a branch, or in a sibling branch: ``if x: cmd = A() else: cmd = B()``)."""
        path = tuple(self._blocks)
        before = scope.bindings.get(name)
        old_path = scope.binding_paths.get(name)
        scope.binding_paths[name] = path
        if before is None or old_path is None or old_path[: len(path)] == path:
            return refs
        return tuple(dict.fromkeys((*before, *refs)))

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._block_count += 1
        self._blocks.append(self._block_count)

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock) -> None:
        self._blocks.pop()

    def _change(self, root: str, node: cst.CSTNode, what: str) -> None:
        self.stack.function().ops.append(Change(root, Mutation(self.locate(node), what)))

    # -- calls --------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        if id(node) in self._decorator_calls:
            return
        self._note_write(outcomes.write_call(node), node)
        mutation = call_mutation(node)
        if mutation is not None:
            self._change(mutation[0], node, mutation[1])
        for recogniser in self.recognisers:
            recogniser.on_call(self, node)
        scope = self.stack.function()
        func = node.func
        if (
            scope.kind == "function"
            and scope.message_param
            and isinstance(func, cst.Name)
            and func.value == "isinstance"
            and not self.stack.is_local("isinstance")
        ):
            scope.narrows.extend(narrows.tested(self, node, scope.message_param))

    def visit_Match(self, node: cst.Match) -> None:
        scope = self.stack.function()
        if scope.kind == "function" and scope.message_param:
            scope.narrows.extend(narrows.matched(self, node, scope.message_param))

    @property
    def sender(self) -> str:
        scope = self.stack.function()
        return scope.qualname if scope.kind == "function" else MODULE_SCOPE


def _formats_a_string(node: cst.Call) -> bool:
    """``"{}Created".format(kind)``."""
    func = node.func
    return (
        isinstance(func, cst.Attribute)
        and func.attr.value == "format"
        and isinstance(func.value, cst.SimpleString)
    )
