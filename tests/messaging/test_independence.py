"""The outbox knows nothing of the apps that send messages, so a new app can use it unchanged."""

import ast
from pathlib import Path

import messaging

FEATURE_APPS = {"events", "resources", "search", "demo"}


def test_messaging_imports_no_feature_app():
    imported = set()
    for path in Path(messaging.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {(path.name, alias.name.split(".")[0]) for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add((path.name, node.module.split(".")[0]))
    assert {(name, module) for name, module in imported if module in FEATURE_APPS} == set()
