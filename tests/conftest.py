"""Shared fixtures: a real SQLite file per test, services over it, a fixed 'today'."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

# Qt must not look for a display; set before any test imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.bootstrap import AppContext, open_context
from desktop_app.persistence.database import sqlite_url
from desktop_app.services.office import HomeSetup, SignerInfo
from tests.signing_keys import (
    CertificateAuthority,
    SoftHsmToken,
    make_ca,
    make_pkcs12,
    make_softhsm_token,
    softhsm_library,
)

TODAY = date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _isolated_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user data or config folders."""
    monkeypatch.setenv("CONGDOAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CONGDOAN_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "office.sqlite"


@pytest.fixture
def empty_context(db_path: Path) -> Iterator[AppContext]:
    """A fresh database with no office set up yet."""
    context = open_context(sqlite_url(db_path), clock=lambda: TODAY)
    yield context
    context.close()


HOME_SETUP = HomeSetup(
    code="LDLD_DMC",
    name="Liên đoàn Lao động huyện Dương Minh Châu",
    short_name="LĐLĐ huyện Dương Minh Châu",
    kind="LDLD_HUYEN",
    abbreviation="LĐLĐ",
    place_name="Huyện Dương Minh Châu",
    parent_name="Liên đoàn Lao động tỉnh Tây Ninh",
    parent_kind="LDLD_TINH",
    signer=SignerInfo("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Văn An"),
)


@pytest.fixture
def context(empty_context: AppContext) -> AppContext:
    """A set-up office with no CĐCS yet."""
    empty_context.office.set_up(HOME_SETUP)
    return empty_context


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo district built once per test run (on TODAY, as every test sees it): building it logs two years
    of report arrivals, about 2 s, too long to pay in each of the hundreds of tests that start from it."""
    from desktop_app.services.demo import load_demo

    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.sqlite"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CONGDOAN_DATA_DIR", str(folder / "data"))
        patch.setenv("CONGDOAN_CONFIG_DIR", str(folder / "config"))
        context = open_context(sqlite_url(path), clock=lambda: TODAY)
        try:
            load_demo(context)
        finally:
            context.close()
    return path


@pytest.fixture
def demo_context(db_path: Path, demo_database: Path) -> Iterator[AppContext]:
    """The demo district (about 120 CĐCS, two years of report tracking): a copy of the one built for the run,
    made with SQLite's own backup so the copy is a whole database whatever its journal holds."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    source, target = sqlite3.connect(demo_database), sqlite3.connect(db_path)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    context = open_context(sqlite_url(db_path), clock=lambda: TODAY)
    yield context
    context.close()


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """URL of a PostgreSQL server's maintenance database (CI's, or a private one)."""
    from tests.postgres_server import ENV_URL, PrivateServer

    url = os.environ.get(ENV_URL)
    if url:
        yield url
        return
    server = PrivateServer()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    import uuid

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"congdoan_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')
    try:
        yield make_url(pg_server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


# -- signing keys: a CA, a .p12 file and a SoftHSM2 token, made once per test module -------------------


@pytest.fixture(scope="module")
def keys_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keys")


@pytest.fixture(scope="module")
def ca(keys_dir: Path) -> CertificateAuthority:
    return make_ca(keys_dir / "ca")


@pytest.fixture(scope="module")
def p12(ca: CertificateAuthority, keys_dir: Path) -> Path:
    return make_pkcs12(ca, keys_dir / "nguyen_van_hung.p12")


@pytest.fixture(scope="module")
def token(ca: CertificateAuthority, keys_dir: Path) -> Iterator[SoftHsmToken]:
    import pkcs11

    # SoftHSM2 reads SOFTHSM2_CONF when the library is initialised, and python-pkcs11 keeps it loaded: unload it
    # so this module's token folder is read, and again afterwards for the next module's.
    library = str(softhsm_library())
    pkcs11.unload(library)
    folder = keys_dir / "softhsm"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOFTHSM2_CONF", str(folder / "softhsm2.conf"))
        yield make_softhsm_token(ca, folder)
        pkcs11.unload(library)
