"""Shared fixtures: offline environment, loopback-only network, a private index per test."""

from __future__ import annotations

import ipaddress
import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from vectorstore.offline import use_offline_environment

use_offline_environment()

from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED_PAGE = ROOT / "data" / "laodong-wubao-2023-06-haidian-page.txt"
SHARED = ROOT.parent / "shared"
HAIDIAN_QUESTION = "谁在海淀区工会第十七次代表大会上讲话？"
HAIDIAN_TITLE = "海淀区工会第十七次代表大会召开"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _is_loopback(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if not isinstance(host, str):
        return True  # unix sockets
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach the network: any connection but to this machine fails at once."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise OSError(f"tests are offline: connection to {address!r} blocked")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


def _settings(base: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "index_dir": base / "index",
        "data_dir": base / "data",
        "cache_dir": Path.home() / ".cache" / "newsbot",
        **overrides,
    }
    return Settings(**values)


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Settings with a private, empty index and data folder under ``tmp_path``."""
    (tmp_path / "data").mkdir(exist_ok=True)
    return lambda **overrides: _settings(tmp_path, **overrides)


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """An index of the bundled newspaper page, built once per session. Do not write to it."""
    from bot import ingest

    base = tmp_path_factory.mktemp("seed")
    (base / "data").mkdir()
    shutil.copy(SEED_PAGE, base / "data" / SEED_PAGE.name)
    settings = _settings(base)
    ingest([base / "data"], settings=settings)
    yield settings
