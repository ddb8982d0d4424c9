"""``documents sign|verify``: sign a PDF file or check its signatures, through the same service as the screens.
They work on files only: no database is opened."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from desktop_app.cli.common import EXIT_USER_ERROR, Refused, format_option, output_checked, print_json, warn
from desktop_app.domain.i18n import _

COMMANDS = ("sign", "verify")

VERIFY_STATUS_VALID = "valid"


def _page_number(text: str) -> int:
    value = text.strip()
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= 100_000:
        raise argparse.ArgumentTypeError(_("«{text}» không phải là số trang hợp lệ (1, 2, …).").format(text=text))
    return int(value)


def _box(text: str) -> tuple[float, float, float, float]:
    """x1,y1,x2,y2 in points from the bottom left of the page."""
    parts = text.replace(";", ",").split(",")
    try:
        x1, y1, x2, y2 = (float(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("«{text}» không phải là vị trí hợp lệ: cần bốn số x1,y1,x2,y2 (đơn vị điểm, gốc ở góc dưới bên trái).")
            .format(text=text)) from None
    if not (0 <= x1 < x2 <= 10_000 and 0 <= y1 < y2 <= 10_000):
        raise argparse.ArgumentTypeError(
            _("Vị trí «{text}» không hợp lệ: cần x1 < x2 và y1 < y2, không âm.").format(text=text))
    return x1, y1, x2, y2


def _env_name(text: str) -> str:
    if not text or not all(ch.isalnum() or ch == "_" for ch in text) or text[0].isdigit() or not text.isascii():
        raise argparse.ArgumentTypeError(
            _("«{text}» không phải là tên biến môi trường (chữ không dấu, số và _).").format(text=text))
    return text


def add_parsers(documents_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``sign`` and ``verify`` under ``documents``; they take no --db."""
    sign = documents_sub.add_parser("sign", help=_("ký số một tệp PDF"))
    sign.add_argument("input", type=Path, metavar=_("VÀO.pdf"))
    sign.add_argument("-o", "--output", type=Path, required=True, metavar=_("TỆP.pdf"))
    source = sign.add_mutually_exclusive_group(required=True)
    source.add_argument("--p12", type=Path, metavar=_("TỆP"), help=_("tệp chứng thư số .p12/.pfx"))
    source.add_argument("--pkcs11-lib", type=Path, metavar=_("THƯ_VIỆN"), help=_("thư viện PKCS#11 của USB token"))
    sign.add_argument("--token-label", help=_("nhãn của token"))
    sign.add_argument("--key-label", help=_("nhãn khóa trên token (khi token có nhiều khóa)"))
    sign.add_argument(
        "--secret-env",
        type=_env_name,
        default="CONGDOAN_SIGNING_SECRET",
        help=_("biến môi trường chứa mật khẩu .p12 hoặc mã PIN (mặc định CONGDOAN_SIGNING_SECRET; không có thì "
               "hỏi, nếu đang chạy ở cửa sổ lệnh)"),
    )
    sign.add_argument(
        "--position", choices=("signer", "organisation"), default="signer",
        help=_("signer: chữ ký của người ký, ở khối chữ ký; organisation: chữ ký số của cơ quan, tổ chức, ở vị trí "
               "con dấu, trùm lên 1/3 chữ ký của người ký về bên trái"))
    sign.add_argument("--signer-name",
                      help=_("họ tên in ở khối chữ ký, để tìm chỗ đặt chữ ký (mặc định: tên trong chứng thư, hoặc "
                             "dòng cuối của khối chữ ký)"))
    sign.add_argument("--page", type=_page_number, help=_("trang đặt chữ ký (mặc định trang cuối)"))
    sign.add_argument("--box", type=_box, help=_("tự chọn vị trí chữ ký: x1,y1,x2,y2 (điểm, gốc góc dưới trái)"))
    sign.add_argument("--attachment-symbol", help=_("ký phụ lục: số, ký hiệu in ở góc trên bên phải trang 1"))
    sign.add_argument("--reason", default="")
    sign.add_argument("--location", default="")
    format_option(sign)
    verify = documents_sub.add_parser("verify", help=_("kiểm tra chữ ký số của một tệp PDF"))
    verify.add_argument("file", type=Path, metavar=_("TỆP.pdf"))
    verify.add_argument("--trust", type=Path, action="append", default=[], help=_("chứng thư gốc tin cậy (.pem/.cer)"))
    format_option(verify)


def run(args: argparse.Namespace) -> int:
    if args.documents_command == "verify":
        return _verify(args)
    if args.documents_command == "sign":
        return _sign(args)
    raise AssertionError(args.documents_command)


def _secret(args: argparse.Namespace, what: str) -> str:
    value = os.environ.get(args.secret_env)
    if value is not None:
        return value
    refusal = _("Chưa có mật khẩu tệp chứng thư hoặc mã PIN. Lệnh không chạy trong cửa sổ lệnh nên không hỏi được: "
                "hãy đặt nó vào biến môi trường {name} (hoặc chọn biến khác bằng --secret-env TÊN_BIẾN).").format(
        name=args.secret_env)
    if sys.stdin is None or not sys.stdin.isatty():
        # A script or a scheduled task: getpass would read an empty stdin and fail with EOFError.
        raise Refused(refusal, EXIT_USER_ERROR)
    import getpass

    try:
        return getpass.getpass(what)
    except EOFError:
        raise Refused(refusal, EXIT_USER_ERROR) from None


def _sign(args: argparse.Namespace) -> int:
    from desktop_app.services.signatures import (
        Pkcs11Signer,
        Pkcs12Signer,
        SignatureAppearance,
        format_signing_time,
        sign_pdf_file,
    )

    key_file = args.p12 if args.p12 is not None else args.pkcs11_lib
    output_checked(args.output, None, inputs=[args.input, key_file])
    if args.p12 is not None:
        signer: Pkcs12Signer | Pkcs11Signer = Pkcs12Signer(
            args.p12, _secret(args, _("Mật khẩu tệp chứng thư: ")).encode("utf-8") or None
        )
    else:
        if not args.token_label:
            raise Refused(_("Cần --token-label khi ký bằng USB token."), EXIT_USER_ERROR)
        signer = Pkcs11Signer(
            args.pkcs11_lib, args.token_label, _secret(args, _("Mã PIN của token: ")), key_label=args.key_label
        )
    appearance = SignatureAppearance(
        signer_name=args.signer_name,
        attachment_symbol=args.attachment_symbol,
        page=args.page - 1 if args.page is not None else None,
        box=args.box,
        organisation_seal=args.position == "organisation",
    )
    info = sign_pdf_file(
        args.input, args.output, signer, reason=args.reason, location=args.location, appearance=appearance
    )
    for warning in info.warnings:
        warn(warning)
    if args.format == "json":
        print_json(asdict(info))
    else:
        print(
            _("Đã ký «{path}»: {name}, {time}.").format(
                path=info.path, name=info.signer_name, time=format_signing_time(info.signing_time)
            )
        )
    return 0


def _verify_status(reports: Sequence[Any]) -> str:
    if all(r.ok for r in reports):
        return VERIFY_STATUS_VALID
    if any(r.modified_after_signing or not r.intact for r in reports):
        return "invalid"
    return "untrusted"


def _verify(args: argparse.Namespace) -> int:
    """Always one JSON object (or the summaries) on stdout and, when something is wrong, one line on stderr."""
    from desktop_app.services.signatures import SignatureProblem, verify_signed_pdf

    try:
        reports = verify_signed_pdf(args.file, trust_roots=args.trust)
    except SignatureProblem as exc:
        if args.format == "json":
            status = "unsigned" if exc.unsigned else "unreadable"
            print_json({"file": str(args.file), "status": status, "signatures": [], "problems": [str(exc)]})
        print(str(exc), file=sys.stderr)
        return EXIT_USER_ERROR
    status = _verify_status(reports)
    if args.format == "json":
        print_json({
            "file": str(args.file),
            "status": status,
            "signatures": [asdict(r) | {"ok": r.ok} for r in reports],
            "problems": [p for r in reports for p in r.problems if not r.ok],
        })
    else:
        for report in reports:
            print(report.summary)
    if status == VERIFY_STATUS_VALID:
        return 0
    bad = sum(1 for r in reports if not r.ok)
    print(_("Tệp «{name}»: {bad}/{count} chữ ký không hợp lệ hoặc chưa được tin cậy.").format(
        name=args.file.name, bad=bad, count=len(reports)), file=sys.stderr)
    return EXIT_USER_ERROR
