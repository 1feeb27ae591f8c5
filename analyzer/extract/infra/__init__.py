"""Infrastructure files (SAM/CloudFormation templates, serverless.yml): bytes in, FileFacts out.

Pure like the Python extractor: one file, no imports of anything it names, no network.
"""

from __future__ import annotations

import posixpath

from analyzer.model import FileFacts, Location, ParseProblem

SERVERLESS_NAMES = ("serverless.yml", "serverless.yaml")
TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json")


def is_infra_path(path: str) -> bool:
    """True for the files this package reads: YAML and JSON files (templates, serverless.yml)."""
    return path.endswith(TEMPLATE_SUFFIXES)


def extract_infra(source: bytes, path: str, module: str) -> FileFacts:
    """The channels, Lambda handlers and environment variables of one infrastructure file."""
    # Imported here: PyYAML and the readers are needed only when a template is extracted.
    from analyzer.extract.infra.cloudformation import read_template
    from analyzer.extract.infra.collect import Collected
    from analyzer.extract.infra.serverless import read_service
    from analyzer.extract.infra.yamltree import InfraProblem, parse

    try:
        root = parse(source, json_text=path.endswith(".json"))
    except InfraProblem as problem:
        location = Location(path, problem.line, problem.column)
        return FileFacts(path, module, False, problem=ParseProblem(problem.message, location))
    collected = Collected(path)
    if posixpath.basename(path) in SERVERLESS_NAMES:
        read_service(root, collected)
    else:
        read_template(root, collected)
    return FileFacts(
        path=path,
        module=module,
        is_package=False,
        registrations=tuple(collected.registrations),
        channels=tuple(collected.channels),
        environment=tuple(collected.environment),
    )
