"""Renderers for one-to-one messages."""


def renderers_register() -> None:
    pass
