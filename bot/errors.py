"""Errors users cause (bad input): the CLI prints them as one line and exits with code 2."""

from __future__ import annotations


class InputError(ValueError):
    pass
