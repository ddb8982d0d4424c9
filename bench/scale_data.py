"""Scale data for the benchmarks: an office database with N units, N outgoing documents and N incoming entries,
spread over a decade (2017–2026), ready for every CLI command.

    .venv/bin/python bench/scale_data.py --units 5000 --documents 5000 --incoming 2000 --attachment-mb 5 OUT.sqlite

The office is set up as the demo office (``services.demo.demo_home_setup()``) and the units are added with
``UnitService.create_many(generate_units(N))`` in one transaction. Incoming entries go through
``RegisterService.register_incoming``, each with one attachment of random bytes (1..M MB, none when M is 0);
documents through ``DocumentService.create_draft`` and, for most, ``DocumentService.issue``. Those services
have no batch form, so each entry and each document is its own transaction, as when a clerk records them.
Everything is the same on every run for the same arguments and seed. Progress goes to stderr.
The benchmarks import :func:`make_office_db` (units only).
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

# Runnable as `.venv/bin/python bench/scale_data.py` from the repository root without installing.
REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from desktop_app.bootstrap import AppContext, database_url, open_context  # noqa: E402
from desktop_app.domain.documents import (  # noqa: E402
    LETTER,
    BasisLine,
    DocumentType,
    Header,
    OfficialDocument,
    Paragraph,
    Recipients,
    Section,
    SignerBlock,
    Task,
    document_type,
)
from desktop_app.services.demo import demo_home_setup  # noqa: E402
from desktop_app.services.demo_district import generate_units  # noqa: E402
from desktop_app.services.registers import IncomingDraft, IncomingEntry  # noqa: E402

TODAY = date(2026, 11, 21)
FIRST_DAY = date(2017, 1, 1)
MB = 1024 * 1024
#: The share of generated documents that are issued; the rest stay drafts.
ISSUED_SHARE = 0.85

DOCUMENT_KINDS: tuple[DocumentType, ...] = (
    document_type("KH"), document_type("BC"), document_type("TB"), document_type("HD"), document_type("QĐ"), LETTER,
)  # fmt: skip
TOPICS = (
    "tổ chức Tháng Công nhân", "phát triển đoàn viên, thành lập CĐCS", "chăm lo Tết cho đoàn viên, người lao động",
    "kiểm tra, giám sát tài chính công đoàn", "tổ chức Đại hội Công đoàn cơ sở", "tuyên truyền pháp luật lao động",
    "xây dựng Mái ấm Công đoàn", "thi đua lao động giỏi, lao động sáng tạo", "sơ kết hoạt động 6 tháng",
    "thực hiện dân chủ ở cơ sở",
)  # fmt: skip
SENDERS = (
    "Liên đoàn Lao động tỉnh Tây Ninh", "Huyện ủy Dương Minh Châu", "Ủy ban nhân dân huyện Dương Minh Châu",
    "Tổng Liên đoàn Lao động Việt Nam", "Ban Dân vận Huyện ủy", "Phòng Lao động - Thương binh và Xã hội huyện",
)  # fmt: skip
SENDER_SYMBOLS = ("KH-LĐLĐ", "CV-HU", "QĐ-UBND", "HD-TLĐ", "TB-BDV", "CV-LĐTBXH")
WHO = ("Ban Tuyên giáo", "Văn phòng", "Ban Tổ chức", "Ủy ban Kiểm tra", "Ban Chính sách - Pháp luật", "Các CĐCS")
HEADER = Header(
    parent_body="Liên đoàn Lao động tỉnh Tây Ninh",
    issuing_body="Liên đoàn Lao động huyện Dương Minh Châu",
    place="Huyện Dương Minh Châu",
)
SIGNER = SignerBlock("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Văn Hùng")


@dataclass
class ScaleSummary:
    """What was made, for the caller to check against."""

    path: Path
    units: int = 0
    documents: int = 0
    issued: int = 0
    incoming_by_year: dict[int, int] = field(default_factory=dict)
    attachment_bytes: int = 0


def _fresh(path: Path) -> Path:
    path = path.expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    return path


def _open_office(path: Path, units: int, seed: int) -> AppContext:
    context = open_context(database_url(path), clock=lambda: TODAY)
    try:
        context.office.set_up(demo_home_setup())
        if units:
            context.units.create_many(generate_units(units, seed=seed))
    except BaseException:
        context.close()
        raise
    return context


def make_office_db(path: Path, count: int, seed: int = 7) -> Path:
    """Create (or replace) the SQLite file at ``path``: a set-up office with ``count`` units."""
    path = _fresh(path)
    _open_office(path, count, seed).close()
    return path


def _days(rng: random.Random, count: int) -> list[date]:
    """``count`` days spread over the decade, oldest first (registers number in the order things happen)."""
    span = (TODAY - FIRST_DAY).days
    return sorted(FIRST_DAY + timedelta(days=rng.randrange(span + 1)) for _ in range(count))


def _vn(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def _random_bytes(key: str, size: int) -> bytes:
    """``size`` bytes that look random and are the same for the same key: AES-CTR over zeros, about five times
    faster than ``random.randbytes``, which took most of the time of gigabytes of attachments."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    cipher = Cipher(algorithms.AES(hashlib.sha256(key.encode()).digest()), modes.CTR(bytes(16)))
    return cipher.encryptor().update(bytes(size))


def _incoming(context: AppContext, count: int, attachment_mb: int, rng: random.Random, seed: int,
              summary: ScaleSummary, progress: Callable[[str, int, int], None]) -> list[IncomingEntry]:
    entries: list[IncomingEntry] = []
    # The service reads attachments from files: keep those in memory where the system has a RAM disk.
    scratch = "/dev/shm" if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="congdoan-scale-", dir=scratch) as folder:
        for n, day in enumerate(_days(rng, count), 1):
            sender = rng.randrange(len(SENDERS))
            topic = rng.choice(TOPICS)
            their_date = day - timedelta(days=rng.randrange(0, 8))
            files: list[Path] = []
            if attachment_mb:
                size = rng.randint(MB, attachment_mb * MB)
                attachment = Path(folder) / f"van-ban-den-{n}.pdf"
                attachment.write_bytes(_random_bytes(f"{seed}:{n}", size))
                files.append(attachment)
                summary.attachment_bytes += size
            entry = context.registers.register_incoming(
                IncomingDraft(
                    arrived_on=day,
                    sender=SENDERS[sender],
                    summary=f"Về việc {topic} năm {day.year}",
                    their_symbol=f"{rng.randint(1, 400)}/{SENDER_SYMBOLS[sender]}",
                    their_date=their_date,
                    deadline_text=f"trước ngày {_vn(day + timedelta(days=30))}" if n % 3 == 0 else "",
                    deadline=day + timedelta(days=30) if n % 3 == 0 else None,
                ),
                files,
            )
            for path in files:
                path.unlink()
            entries.append(entry)
            summary.incoming_by_year[day.year] = summary.incoming_by_year.get(day.year, 0) + 1
            progress("incoming", n, count)
    return entries


def _document(kind: DocumentType, day: date, n: int, rng: random.Random, cited: IncomingEntry | None
              ) -> OfficialDocument:
    topic = rng.choice(TOPICS)
    tasks = tuple(
        Task(
            f"Triển khai nội dung {i} về {topic}",
            who=rng.choice(WHO),
            timing=f"Thời gian hoàn thành: trước ngày {_vn(day + timedelta(days=15 * i))}",
            due=day + timedelta(days=15 * i),
        )
        for i in range(1, rng.randint(2, 4) + 1)
    )
    basis = ()
    if cited is not None:
        basis = (BasisLine(f"Căn cứ văn bản số {cited.their_symbol} ngày {_vn(cited.their_date or cited.arrived_on)} "
                           f"của {cited.sender}.", incoming_uuid=cited.uuid),)
    text = f"{topic[:1].upper()}{topic[1:]} năm {day.year} (văn bản {n})"
    return OfficialDocument(
        type=kind,
        number=None,
        header=HEADER,
        summary="" if kind.is_letter else text,
        subject=text if kind.is_letter else "",
        basis=basis,
        body=(
            Paragraph(f"Ban Thường vụ Liên đoàn Lao động huyện triển khai {topic} như sau:"),
            Section("NHIỆM VỤ", children=tasks),
        ),
        recipients=Recipients(("- TT LĐLĐ tỉnh;", "- CĐCS (t/h);", "- Lưu: VP.")),
        signer=SIGNER,
    )


def _documents(context: AppContext, count: int, incoming: list[IncomingEntry], rng: random.Random,
               summary: ScaleSummary, progress: Callable[[str, int, int], None]) -> None:
    arrivals = [e.arrived_on for e in incoming]
    for n, day in enumerate(_days(rng, count), 1):
        kind = DOCUMENT_KINDS[n % len(DOCUMENT_KINDS)]
        # One of the latest entries that had arrived by then; the oldest documents cite the first entries.
        arrived = bisect.bisect_right(arrivals, day)
        recent = incoming[max(0, arrived - 50):arrived] or incoming[:1]
        cited = rng.choice(recent) if recent else None
        draft = context.documents.create_draft(_document(kind, day, n, rng, cited))
        if rng.random() < ISSUED_SHARE:
            context.documents.issue(draft.id, issued_on=day, drafting_office="VP" if kind.is_letter else "")
            summary.issued += 1
        summary.documents += 1
        progress("documents", n, count)


def make_scale_db(path: Path, units: int, documents: int, incoming: int, attachment_mb: int = 0, seed: int = 7,
                  progress: Callable[[str, int, int], None] | None = None) -> ScaleSummary:
    """Create (or replace) ``path``: the office with ``units`` units, ``incoming`` entries and ``documents``
    documents, the same for the same arguments and ``seed``."""
    path = _fresh(path)
    summary = ScaleSummary(path=path, units=units)
    report = progress or (lambda what, done, total: None)
    rng = random.Random(seed)
    context = _open_office(path, units, seed)
    try:
        report("units", units, units)
        # Entries first, oldest first, so a document can cite one that had arrived when it was written.
        entries = _incoming(context, incoming, attachment_mb, rng, seed, summary, report)
        entries_by_day = sorted(entries, key=lambda e: e.arrived_on)
        _documents(context, documents, entries_by_day, rng, summary, report)
    finally:
        context.close()
    return summary


def _stderr_progress(started: float) -> Callable[[str, int, int], None]:
    def report(what: str, done: int, total: int) -> None:
        if done == total or done % 200 == 0:
            print(f"{what}: {done}/{total} ({time.perf_counter() - started:.1f} s)", file=sys.stderr, flush=True)

    return report


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"not a count: {text!r}")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Create an office database with N units, N documents and N incoming entries (2017–2026).")
    parser.add_argument("--units", type=_count, required=True, help="number of units (CĐCS)")
    parser.add_argument("--documents", type=_count, required=True, help="number of outgoing documents")
    parser.add_argument("--incoming", type=_count, required=True, help="number of incoming register entries")
    parser.add_argument("--attachment-mb", type=_count, default=0,
                        help="each incoming entry gets one attachment of 1..M MB of random bytes (0: none)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("path", type=Path, metavar="OUT.sqlite", help="SQLite file to create (replaced if it exists)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    summary = make_scale_db(args.path, args.units, args.documents, args.incoming, args.attachment_mb, args.seed,
                            progress=_stderr_progress(started))
    print(f"created {summary.path}: {summary.units} units, {summary.documents} documents ({summary.issued} issued), "
          f"{sum(summary.incoming_by_year.values())} incoming entries with {summary.attachment_bytes / MB:.0f} MB "
          f"of attachments in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
