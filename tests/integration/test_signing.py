"""Digital signatures on plan 94: signed with a PKCS#12 file and with a SoftHSM2 token, checked by pyHanko
(through ``verify_pdf``) and independently by poppler (pdfsig, pdftotext, pdftoppm)."""

from __future__ import annotations

import datetime
import io
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from desktop_app.bootstrap import AppContext
from desktop_app.files.pdf.official import render_official_pdf
from desktop_app.files.pdf.signing import (
    Pkcs11Signer,
    Pkcs12Signer,
    SignatureAppearance,
    SignatureError,
    SignatureInfo,
    sign_pdf,
    verify_pdf,
)
from desktop_app.services.demo_content import demo_documents
from tests.signing_keys import (
    ORGANISATION,
    PASSPHRASE,
    SIGNER_NAME,
    CertificateAuthority,
    SoftHsmToken,
    make_ca,
    require_tool,
)

PLAN_94 = demo_documents().plan_94

ISO_8601 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[+-]\d\d:\d\d|Z)")


# --------------------------------------------------------------------------- keys and documents, made once


@pytest.fixture(scope="module")
def plan_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdf = tmp_path_factory.mktemp("plan") / "ke_hoach_94.pdf"
    render_official_pdf(PLAN_94, pdf)
    return pdf


@pytest.fixture(params=["p12", "token"])
def signed(request: pytest.FixtureRequest, plan_pdf: Path, tmp_path: Path) -> tuple[Path, SignatureInfo]:
    """Plan 94 signed once with each kind of key; the source must come out unchanged."""
    before = plan_pdf.read_bytes()
    dst = tmp_path / "ke_hoach_94_da_ky.pdf"
    if request.param == "p12":
        source: Pkcs12Signer | Pkcs11Signer = Pkcs12Signer(request.getfixturevalue("p12"), PASSPHRASE)
    else:
        tok: SoftHsmToken = request.getfixturevalue("token")
        source = Pkcs11Signer(tok.library, tok.label, tok.pin, key_label=tok.key_label)
    info = sign_pdf(plan_pdf, dst, source, reason="Ban hành kế hoạch", location="Huyện Dương Minh Châu")
    assert plan_pdf.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [dst.name], "no temporary file left behind"
    return dst, info


def pdfsig(path: Path) -> str:
    tool = require_tool("pdfsig", "poppler-utils")
    # pdfsig exits non-zero when a signature is invalid; the text is what is checked.
    return subprocess.run([tool, str(path)], capture_output=True, text=True, encoding="utf-8").stdout


def pdftotext(path: Path, page: int) -> str:
    tool = require_tool("pdftotext", "poppler-utils")
    return subprocess.run([tool, "-f", str(page), "-l", str(page), "-layout", str(path), "-"],
                          capture_output=True, text=True, encoding="utf-8", check=True).stdout


def page_count(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


# --------------------------------------------------------------------------- valid signatures


def test_signature_is_intact_and_trusted_by_pyhanko_and_valid_for_pdfsig(
        signed: tuple[Path, SignatureInfo], ca: CertificateAuthority) -> None:
    path, info = signed
    assert (info.signer_name, info.organisation) == (SIGNER_NAME, ORGANISATION)
    assert info.page == page_count(path)
    assert abs(datetime.datetime.now(datetime.UTC) - info.signing_time) < datetime.timedelta(minutes=2)

    [report] = verify_pdf(path, [ca.pem_path])
    assert report.intact and report.trusted and report.covers_whole_document and not report.modified_after_signing
    assert report.ok and report.problems == ()
    assert (report.signer_name, report.organisation) == (SIGNER_NAME, ORGANISATION)
    assert report.signing_time == info.signing_time
    assert report.field_name == info.field_name
    assert "Chữ ký hợp lệ" in report.summary and SIGNER_NAME in report.summary

    out = pdfsig(path)
    assert "Signature Validation: Signature is Valid." in out, out
    assert f"Signer Certificate Common Name: {SIGNER_NAME}" in out, out
    assert f"O={ORGANISATION}" in out, out
    assert "Total document signed" in out, out


def test_visible_stamp_sits_in_the_signer_block_of_the_last_page(
        signed: tuple[Path, SignatureInfo], plan_pdf: Path, tmp_path: Path) -> None:
    path, info = signed
    last = page_count(path)
    text = pdftotext(path, last)
    # Vietnam's time, as a reader writes it; never the UTC offset of the machine.
    local = info.signing_time.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
    stamp_time = f"{local:%H:%M} ngày {local:%d/%m/%Y}"
    assert f"Ký bởi: {SIGNER_NAME}" in text and ORGANISATION in text, text
    assert f"Thời gian ký: {stamp_time}" in text, text
    assert "+00:00" not in text and "T" not in stamp_time
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    stamp_at = next(i for i, line in enumerate(lines) if "Thời gian ký" in line)
    assert "CHỦ TỊCH" in " ".join(lines[:stamp_at]) and lines[-1] == SIGNER_NAME, "stamp between title and name"

    # The box, against the unsigned page as pdfplumber reads it (top-down coordinates).
    with pdfplumber.open(plan_pdf) as pdf:
        page = pdf.pages[-1]
        title = page.search("CHỦ TỊCH")[-1]
        name = page.search(SIGNER_NAME)[-1]
        height, width = float(page.height), float(page.width)
    x1, y1, x2, y2 = info.box
    top, bottom = height - y2, height - y1
    assert title["bottom"] <= top and bottom <= name["top"] - 3, (title, name, info.box)
    assert width / 2 <= x1 and x2 <= width - 15 * 72 / 25.4, "within the right column and the decree's margin"

    # What a person sees: ink inside the stamp box, and the printed name still below it, untouched.
    from PIL import Image

    tool = require_tool("pdftoppm", "poppler-utils")
    subprocess.run([tool, "-r", "60", "-png", "-f", str(last), "-l", str(last), str(path), str(tmp_path / "page")],
                   check=True)
    [png] = sorted(tmp_path.glob("page-*.png"))
    scale = 60 / 72
    image = Image.open(png).convert("L")

    def dark(box: tuple[float, float, float, float]) -> int:
        crop = image.crop((box[0] * scale, box[1] * scale, box[2] * scale, box[3] * scale))
        return sum(crop.histogram()[:128])

    assert dark((x1, top, x2, bottom)) > 50, "stamp drawn"
    assert dark((name["x0"], name["top"], name["x1"], name["bottom"])) > 50, "name still printed"


def test_a_second_signature_keeps_the_first_valid(
        plan_pdf: Path, p12: Path, token: SoftHsmToken, ca: CertificateAuthority, tmp_path: Path) -> None:
    once, twice = tmp_path / "mot.pdf", tmp_path / "hai.pdf"
    sign_pdf(plan_pdf, once, Pkcs12Signer(p12, PASSPHRASE))
    second = sign_pdf(once, twice, Pkcs11Signer(token.library, token.label, token.pin),
                      appearance=SignatureAppearance(attachment_symbol="94/KH-LĐLĐ"))
    assert second.field_name == "ChuKySo2"
    first_report, second_report = verify_pdf(twice, [ca.pem_path])
    assert first_report.intact and first_report.trusted and not first_report.modified_after_signing
    assert not first_report.covers_whole_document
    assert second_report.ok and second_report.covers_whole_document
    assert pdfsig(twice).count("Signature is Valid.") == 2


def test_attachment_shows_symbol_and_time_in_10_pt_top_right_of_page_1(
        plan_pdf: Path, token: SoftHsmToken, tmp_path: Path) -> None:
    dst = tmp_path / "phu_luc.pdf"
    info = sign_pdf(plan_pdf, dst, Pkcs11Signer(token.library, token.label, token.pin),
                    appearance=SignatureAppearance(attachment_symbol="94/KH-LĐLĐ"))
    assert info.page == 1
    first_lines = [line.strip() for line in pdftotext(dst, 1).splitlines() if line.strip()][:2]
    # Decree 30 prescribes ISO 8601 on an attachment, in Vietnam's time zone.
    local = info.signing_time.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
    assert first_lines == ["94/KH-LĐLĐ", local.isoformat()]
    assert ISO_8601.fullmatch(first_lines[1]) and first_lines[1].endswith("+07:00")
    assert "Ký bởi" not in pdftotext(dst, page_count(dst)), "no signer-block stamp on an attachment"

    # pdftotext's word boxes: ascent + descent of 10 pt Tinos is about 11.5 pt; right edge at the text margin.
    tool = require_tool("pdftotext", "poppler-utils")
    html = subprocess.run([tool, "-f", "1", "-l", "1", "-bbox", str(dst), "-"], capture_output=True, text=True,
                          encoding="utf-8", check=True).stdout
    words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<', html)
    symbol = next(w for w in words if w[4] == "94/KH-LĐLĐ")
    assert 10.5 < float(symbol[3]) - float(symbol[1]) < 12.5, symbol
    assert float(symbol[0]) > 595 / 2 and float(symbol[3]) < 25 * 72 / 25.4, "top right, in the top margin"


def test_signature_image_goes_above_the_stamp_text(plan_pdf: Path, p12: Path, ca: CertificateAuthority,
                                                   tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    signature = tmp_path / "chu_ky.png"
    image = Image.new("RGBA", (400, 160), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(20, 120), (120, 30), (220, 130), (380, 40)], fill=(20, 40, 200, 255), width=8)
    image.save(signature)
    dst = tmp_path / "co_chu_ky.pdf"
    sign_pdf(plan_pdf, dst, Pkcs12Signer(p12, PASSPHRASE), appearance=SignatureAppearance(signature_image=signature))
    [report] = verify_pdf(dst, [ca.pem_path])
    assert report.ok
    assert f"Ký bởi: {SIGNER_NAME}" in pdftotext(dst, page_count(dst))


# --------------------------------------------------------------------------- what must be refused or reported


def test_unsigned_pdf_is_reported_in_vietnamese(plan_pdf: Path) -> None:
    with pytest.raises(SignatureError, match=f"Tệp «{plan_pdf.name}» không có chữ ký số."):
        verify_pdf(plan_pdf)


def test_damaged_and_non_pdf_files_are_named(plan_pdf: Path, p12: Path, tmp_path: Path) -> None:
    truncated = tmp_path / "hong.pdf"
    truncated.write_bytes(plan_pdf.read_bytes()[:4000])
    with pytest.raises(SignatureError, match=re.escape("«hong.pdf» bị hỏng")):
        verify_pdf(truncated)
    with pytest.raises(SignatureError, match=re.escape("«hong.pdf» bị hỏng")):
        sign_pdf(truncated, tmp_path / "x.pdf", Pkcs12Signer(p12, PASSPHRASE))
    text = tmp_path / "ghi_chu.pdf"
    text.write_text("Không phải PDF", encoding="utf-8")
    with pytest.raises(SignatureError, match=re.escape("«ghi_chu.pdf» không phải là tệp PDF")):
        sign_pdf(text, tmp_path / "y.pdf", Pkcs12Signer(p12, PASSPHRASE))
    with pytest.raises(SignatureError, match="không phải là tệp PDF"):
        verify_pdf(text)
    with pytest.raises(SignatureError, match="không ghi đè lên tệp gốc"):
        sign_pdf(plan_pdf, plan_pdf, Pkcs12Signer(p12, PASSPHRASE))
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()


def test_one_byte_changed_after_signing_is_detected(
        signed: tuple[Path, SignatureInfo], ca: CertificateAuthority, tmp_path: Path) -> None:
    path, _info = signed
    data = bytearray(path.read_bytes())
    # reportlab's header comment: inside the first signed byte range, and the file still parses.
    at = data.index(b"ReportLab")
    data[at] = ord("r")
    edited = tmp_path / "da_sua.pdf"
    edited.write_bytes(bytes(data))

    [report] = verify_pdf(edited, [ca.pem_path])
    assert not report.intact and not report.trusted and report.modified_after_signing and not report.ok
    assert "sửa đổi sau khi ký" in report.summary and "KHÔNG hợp lệ" in report.summary

    out = pdfsig(edited)
    assert "Signature is Valid" not in out and "Digest Mismatch" in out, out


def test_unknown_certificate_is_not_trusted(signed: tuple[Path, SignatureInfo], tmp_path: Path) -> None:
    path, _info = signed
    [report] = verify_pdf(path)
    assert report.intact and not report.trusted and not report.modified_after_signing and not report.ok
    assert "không được tin cậy" in report.summary and "chứng thư gốc" in report.summary

    stranger = make_ca(tmp_path / "other", "CA lạ")
    [report] = verify_pdf(path, [stranger.pem_path])
    assert report.intact and not report.trusted
    assert "không được tin cậy" in report.summary and "danh sách tin cậy" in report.summary


def test_wrong_passphrase_is_a_vietnamese_error(plan_pdf: Path, p12: Path, tmp_path: Path) -> None:
    dst = tmp_path / "khong_ky.pdf"
    with pytest.raises(SignatureError, match=re.escape("Mật khẩu của tệp chữ ký số «nguyen_van_hung.p12» không đúng")):
        sign_pdf(plan_pdf, dst, Pkcs12Signer(p12, b"sai-mat-khau"))
    with pytest.raises(SignatureError, match="Mật khẩu"):
        sign_pdf(plan_pdf, dst, Pkcs12Signer(p12, None))
    assert not dst.exists()


def test_token_errors_are_vietnamese(plan_pdf: Path, token: SoftHsmToken, tmp_path: Path) -> None:
    dst = tmp_path / "khong_ky.pdf"
    with pytest.raises(SignatureError, match="Mã PIN của thiết bị ký số «LDLD-DMC» không đúng"):
        sign_pdf(plan_pdf, dst, Pkcs11Signer(token.library, token.label, "000000", key_label=token.key_label))
    with pytest.raises(SignatureError, match=r"Không tìm thấy thiết bị ký số \(token\) có nhãn «TOKEN-KHAC».*LDLD-DMC"):
        sign_pdf(plan_pdf, dst, Pkcs11Signer(token.library, "TOKEN-KHAC", token.pin))
    with pytest.raises(SignatureError, match="Không tìm thấy khóa ký hoặc chứng thư số «khoa-khac»"):
        sign_pdf(plan_pdf, dst, Pkcs11Signer(token.library, token.label, token.pin, key_label="khoa-khac"))
    with pytest.raises(SignatureError, match="thư viện PKCS#11"):
        sign_pdf(plan_pdf, dst, Pkcs11Signer(tmp_path / "khong_co.so", token.label, token.pin))
    assert not dst.exists()
    # A wrong PIN must not have locked the token for the real one.
    sign_pdf(plan_pdf, dst, Pkcs11Signer(token.library, token.label, token.pin))
    assert dst.exists()


def test_signer_name_missing_from_page_needs_a_box(plan_pdf: Path, p12: Path, tmp_path: Path) -> None:
    with pytest.raises(SignatureError, match="Không tìm thấy tên người ký «Lê Thị B»"):
        sign_pdf(plan_pdf, tmp_path / "a.pdf", Pkcs12Signer(p12, PASSPHRASE),
                 appearance=SignatureAppearance(signer_name="Lê Thị B"))
    box = (330.0, 100.0, 540.0, 160.0)
    info = sign_pdf(plan_pdf, tmp_path / "b.pdf", Pkcs12Signer(p12, PASSPHRASE),
                    appearance=SignatureAppearance(signer_name="Lê Thị B", box=box))
    assert info.box == box
    with pdfplumber.open(io.BytesIO((tmp_path / "b.pdf").read_bytes())) as pdf:
        [annot] = pdf.pages[-1].annots
        assert [round(v) for v in (annot["x0"], annot["x1"])] == [330, 540]


# --------------------------------------------------------------------------- the command line


def _cli(*args: str, secret: str | None = None) -> subprocess.CompletedProcess[str]:
    import os
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    if secret is not None:
        env["CONGDOAN_SIGNING_SECRET"] = secret
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, stdin=subprocess.DEVNULL, timeout=120)


def test_cli_signs_with_a_p12_file_and_verifies(plan_pdf: Path, p12: Path, ca: CertificateAuthority,
                                                tmp_path: Path) -> None:
    import json

    signed = tmp_path / "ky-so.pdf"
    result = _cli("documents", "sign", str(plan_pdf), "-o", str(signed), "--p12", str(p12), "--format", "json",
                  secret=PASSPHRASE.decode())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["signer_name"] == "Nguyễn Văn Hùng"
    verified = _cli("documents", "verify", str(signed), "--trust", str(ca.pem_path), "--format", "json")
    assert verified.returncode == 0, verified.stderr
    answer = json.loads(verified.stdout)
    assert answer["status"] == "valid" and answer["problems"] == []
    [report] = answer["signatures"]
    assert report["ok"] is True and report["intact"] is True and report["trusted"] is True
    untrusted = _cli("documents", "verify", str(signed))
    assert untrusted.returncode == 1 and "tin cậy" in untrusted.stdout
    unsigned = _cli("documents", "verify", str(plan_pdf))
    assert unsigned.returncode == 1 and "không có chữ ký số" in unsigned.stderr
    wrong = _cli("documents", "sign", str(plan_pdf), "-o", str(tmp_path / "x.pdf"), "--p12", str(p12), secret="sai")
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr and not (tmp_path / "x.pdf").exists()


def test_cli_signs_with_the_token(plan_pdf: Path, token: SoftHsmToken, ca: CertificateAuthority,
                                  tmp_path: Path) -> None:
    signed = tmp_path / "ky-token.pdf"
    result = _cli("documents", "sign", str(plan_pdf), "-o", str(signed), "--pkcs11-lib", str(token.library),
                  "--token-label", token.label, "--key-label", token.key_label, secret=token.pin)
    assert result.returncode == 0, result.stderr
    assert "Nguyễn Văn Hùng" in result.stdout
    assert re.search(r"\d\d:\d\d ngày \d\d/\d\d/\d{4}", result.stdout) and "+00:00" not in result.stdout
    pdfsig = subprocess.run(["pdfsig", str(signed)], capture_output=True, text=True)
    assert "Signature is Valid" in pdfsig.stdout


def test_cli_without_terminal_or_secret_refuses_and_names_the_variable(plan_pdf: Path, p12: Path,
                                                                       tmp_path: Path) -> None:
    """A script or a scheduled task has no terminal to ask for the passphrase: say where to put it."""
    import os

    out = tmp_path / "ky.pdf"
    result = _cli("documents", "sign", str(plan_pdf), "-o", str(out), "--p12", str(p12))
    assert result.returncode == 1, result.stderr
    assert "CONGDOAN_SIGNING_SECRET" in result.stderr and "--secret-env" in result.stderr
    assert "Traceback" not in result.stderr and "EOFError" not in result.stderr
    assert not out.exists()
    # The variable named by --secret-env is read instead of the default one.
    env_result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "documents", "sign", str(plan_pdf), "-o", str(out), "--p12", str(p12),
         "--secret-env", "MAT_KHAU_KY_SO"],
        capture_output=True, text=True, encoding="utf-8", stdin=subprocess.DEVNULL, timeout=120,
        env={**{k: v for k, v in os.environ.items() if k != "CONGDOAN_SIGNING_SECRET"},
             "PYTHONIOENCODING": "utf-8", "MAT_KHAU_KY_SO": PASSPHRASE.decode()})
    assert env_result.returncode == 0, env_result.stderr
    assert out.exists()


def _json_verify(path: Path, *trust: Path) -> tuple[int, dict[str, object], str]:
    import json

    args = ["documents", "verify", str(path), "--format", "json"]
    for root in trust:
        args += ["--trust", str(root)]
    result = _cli(*args)
    assert "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) <= 1, result.stderr
    return result.returncode, json.loads(result.stdout), result.stderr


def test_cli_verify_always_prints_one_json_object_and_one_line(
        signed: tuple[Path, SignatureInfo], plan_pdf: Path, ca: CertificateAuthority, tmp_path: Path) -> None:
    path, _info = signed
    status, answer, err = _json_verify(plan_pdf)
    assert status == 1 and answer["status"] == "unsigned" and answer["signatures"] == []
    assert answer["problems"] and "không có chữ ký số" in err
    damaged = tmp_path / "hong.pdf"
    damaged.write_bytes(plan_pdf.read_bytes()[:3000])
    status, answer, err = _json_verify(damaged)
    assert status == 1 and answer["status"] == "unreadable" and answer["signatures"] == [] and err.strip()
    status, answer, err = _json_verify(path)  # no trust roots: intact but untrusted
    assert status == 1 and answer["status"] == "untrusted" and len(answer["signatures"]) == 1 and err.strip()
    data = bytearray(path.read_bytes())
    data[data.index(b"ReportLab")] = ord("r")
    tampered = tmp_path / "da_sua.pdf"
    tampered.write_bytes(bytes(data))
    status, answer, err = _json_verify(tampered, ca.pem_path)
    assert status == 1 and answer["status"] == "invalid" and answer["problems"] and err.strip()


def test_organisation_certificate_signs_without_its_name_on_the_page(
        plan_pdf: Path, p12: Path, ca: CertificateAuthority, tmp_path: Path) -> None:
    """The office's certificate carries the office's name, not the chair's: the signer block is found anyway, and
    the organisation's signature goes where the seal goes, over the left third of the chair's."""
    from tests.signing_keys import make_pkcs12

    office = make_pkcs12(ca, tmp_path / "co_quan.p12", common_name=ORGANISATION)
    alone = tmp_path / "co_quan_ky.pdf"
    info = sign_pdf(plan_pdf, alone, Pkcs12Signer(office, PASSPHRASE))
    assert info.signer_name == ORGANISATION
    with pdfplumber.open(plan_pdf) as pdf:
        page = pdf.pages[-1]
        title, name = page.search("CHỦ TỊCH")[-1], page.search(SIGNER_NAME)[-1]
        height = float(page.height)
    assert title["bottom"] <= height - info.box[3] and height - info.box[1] <= name["top"], info.box

    chair = tmp_path / "chu_tich.pdf"
    first = sign_pdf(plan_pdf, chair, Pkcs12Signer(p12, PASSPHRASE))
    both = tmp_path / "ca_hai.pdf"
    seal = sign_pdf(chair, both, Pkcs12Signer(office, PASSPHRASE),
                    appearance=SignatureAppearance(organisation_seal=True, signer_name=SIGNER_NAME))
    width = first.box[2] - first.box[0]
    overlap = seal.box[2] - first.box[0]
    assert seal.box[0] < first.box[0] and abs(overlap - width / 3) <= 2, (first.box, seal.box)
    reports = verify_pdf(both, [ca.pem_path])
    assert [r.signer_name for r in reports] == [SIGNER_NAME, ORGANISATION]
    assert all(r.intact and r.trusted and not r.modified_after_signing for r in reports)
    assert pdfsig(both).count("Signature is Valid.") == 2

    cli_out = tmp_path / "cli_co_quan.pdf"
    result = _cli("documents", "sign", str(chair), "-o", str(cli_out), "--p12", str(office), "--position",
                  "organisation", "--signer-name", SIGNER_NAME, secret=PASSPHRASE.decode())
    assert result.returncode == 0, result.stderr
    assert pdfsig(cli_out).count("Signature is Valid.") == 2


def test_second_signature_in_the_block_goes_beside_the_first(
        plan_pdf: Path, p12: Path, token: SoftHsmToken, ca: CertificateAuthority, tmp_path: Path) -> None:
    once, twice = tmp_path / "mot.pdf", tmp_path / "hai.pdf"
    first = sign_pdf(plan_pdf, once, Pkcs12Signer(p12, PASSPHRASE))
    second = sign_pdf(once, twice, Pkcs11Signer(token.library, token.label, token.pin))
    a, b = first.box, second.box
    assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    assert any("bên cạnh" in w for w in second.warnings)
    assert all(r.intact and r.trusted for r in verify_pdf(twice, [ca.pem_path]))
    assert pdfsig(twice).count("Signature is Valid.") == 2


def test_signing_an_unissued_draft_warns(p12: Path, tmp_path: Path) -> None:
    from dataclasses import replace

    assert PLAN_94.number is not None
    draft = replace(PLAN_94, number=replace(PLAN_94.number, number=None))
    printed = tmp_path / "du_thao.pdf"
    render_official_pdf(draft, printed)
    info = sign_pdf(printed, tmp_path / "du_thao_ky.pdf", Pkcs12Signer(p12, PASSPHRASE))
    assert any("dự thảo" in w for w in info.warnings), info.warnings
    issued = sign_pdf(_plan(tmp_path), tmp_path / "ban_hanh_ky.pdf", Pkcs12Signer(p12, PASSPHRASE))
    assert issued.warnings == ()
    result = _cli("documents", "sign", str(printed), "-o", str(tmp_path / "cli.pdf"), "--p12", str(p12),
                  secret=PASSPHRASE.decode())
    assert result.returncode == 0 and "dự thảo" in result.stderr, result.stderr


def _plan(folder: Path) -> Path:
    pdf = folder / "ban_hanh.pdf"
    render_official_pdf(PLAN_94, pdf)
    return pdf


@pytest.mark.parametrize(("days", "words"), [((-400, -10), "đã hết hạn"), ((10, 400), "chưa có hiệu lực")])
def test_certificate_outside_its_validity_is_refused_with_its_dates(
        plan_pdf: Path, ca: CertificateAuthority, tmp_path: Path, days: tuple[int, int], words: str) -> None:
    from tests.signing_keys import make_pkcs12

    p12 = make_pkcs12(ca, tmp_path / "cu.p12", valid_days=days)
    start = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days[0])
    out = tmp_path / "ky.pdf"
    with pytest.raises(SignatureError, match=words) as caught:
        sign_pdf(plan_pdf, out, Pkcs12Signer(p12, PASSPHRASE))
    assert f"{start:%d/%m/%Y}" in str(caught.value) or f"{start + datetime.timedelta(days=1):%d/%m/%Y}" in str(
        caught.value)
    assert not out.exists()


def test_expired_trust_root_trusts_nothing(plan_pdf: Path, tmp_path: Path) -> None:
    from tests.signing_keys import make_pkcs12

    old_ca = make_ca(tmp_path / "old", "CA đã hết hạn", valid_days=(-3650, -1))
    p12 = make_pkcs12(old_ca, tmp_path / "ky.p12")
    out = tmp_path / "ky.pdf"
    sign_pdf(plan_pdf, out, Pkcs12Signer(p12, PASSPHRASE))
    [report] = verify_pdf(out, [old_ca.pem_path])
    assert report.intact and not report.trusted and not report.ok
    assert "được tin cậy;" not in report.summary and "không còn hiệu lực" in report.summary, report.summary


def _bomb_pdf(path: Path, inflated: int) -> Path:
    """One page whose content stream is a few hundred kilobytes that inflate to ``inflated`` bytes of spaces."""
    import zlib

    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    body = b"".join(packer.compress(chunk) for _ in range(inflated >> 20)) + packer.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"]
    out = b"%PDF-1.7\n"
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(out)
    return path


def test_page_that_inflates_to_hundreds_of_megabytes_is_refused_without_inflating_it(
        p12: Path, tmp_path: Path) -> None:
    import tracemalloc

    bomb = _bomb_pdf(tmp_path / "bom.pdf", 256 << 20)
    assert bomb.stat().st_size < 2 << 20
    tracemalloc.start()
    try:
        with pytest.raises(SignatureError, match="quá lớn"):
            sign_pdf(bomb, tmp_path / "ky.pdf", Pkcs12Signer(p12, PASSPHRASE))
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 150 << 20, peak
    assert not (tmp_path / "ky.pdf").exists()


def test_service_signs_an_issued_document_with_the_organisations_certificate(
        demo_context: AppContext, ca: CertificateAuthority, tmp_path: Path) -> None:
    from tests.signing_keys import make_pkcs12

    office = make_pkcs12(ca, tmp_path / "co_quan.p12", common_name=ORGANISATION)
    plan = next(d for d in demo_context.documents.list_documents() if d.symbol == "94/KH-LĐLĐ")
    block = demo_context.documents.sign_pdf(plan.id, tmp_path / "ky.pdf", Pkcs12Signer(office, PASSPHRASE))
    seal = demo_context.documents.sign_pdf(plan.id, tmp_path / "dau.pdf", Pkcs12Signer(office, PASSPHRASE),
                                           organisation_seal=True)
    assert block.signer_name == seal.signer_name == ORGANISATION
    width = block.box[2] - block.box[0]
    assert abs((seal.box[2] - block.box[0]) - width / 3) <= 2 and seal.box[0] < block.box[0]
    for path in (tmp_path / "ky.pdf", tmp_path / "dau.pdf"):
        [report] = verify_pdf(path, [ca.pem_path])
        assert report.ok


def test_expired_self_signed_certificate_given_as_its_own_root_is_not_trusted(plan_pdf: Path, tmp_path: Path) -> None:
    """A file signed while a self-signed certificate was valid, checked after it expired, with that certificate
    given as the trust root: pyhanko_certvalidator takes a root as given; the report must not say trusted."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
                      x509.NameAttribute(NameOID.COMMON_NAME, SIGNER_NAME)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=800)).not_valid_after(now - datetime.timedelta(days=5))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    root = tmp_path / "tu_ky.pem"
    root.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    p12 = tmp_path / "tu_ky.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(b"k", key, cert, None, serialization.NoEncryption()))
    # What the file looks like when it was signed back then (sign_pdf itself now refuses the expired certificate).
    signer = signers.SimpleSigner.load_pkcs12(str(p12))
    assert signer is not None
    out = tmp_path / "cu.pdf"
    with plan_pdf.open("rb") as src, out.open("wb") as dst:
        signers.sign_pdf(IncrementalPdfFileWriter(src, strict=False),
                         signers.PdfSignatureMetadata(field_name="ChuKySo1"), signer=signer, output=dst)
    with pytest.raises(SignatureError, match="đã hết hạn"):
        sign_pdf(plan_pdf, tmp_path / "moi.pdf", Pkcs12Signer(p12, None))
    [report] = verify_pdf(out, [root])
    assert report.intact and not report.trusted and not report.ok, report
    assert "chứng thư số được tin cậy" not in report.summary and "không còn hiệu lực" in report.summary
    verified = _cli("documents", "verify", str(out), "--trust", str(root))
    assert verified.returncode == 1 and "không còn hiệu lực" in verified.stdout
    assert "chứng thư số được tin cậy" not in verified.stdout


def test_cli_never_writes_the_signed_file_over_an_input(plan_pdf: Path, p12: Path, tmp_path: Path) -> None:
    import hashlib
    import os
    import shutil

    source = shutil.copy(plan_pdf, tmp_path / "goc.pdf")
    key = shutil.copy(p12, tmp_path / "khoa.p12")
    link = tmp_path / "lien-ket.pdf"
    os.symlink(source, link)
    before = {p: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in (source, key)}
    for output in (source, key, link, tmp_path / "." / "goc.pdf"):
        result = _cli("documents", "sign", str(source), "-o", str(output), "--p12", str(key),
                      secret=PASSPHRASE.decode())
        assert result.returncode == 1, (output, result.stderr)
        assert "Traceback" not in result.stderr and ("tệp đầu vào" in result.stderr or "tệp gốc" in result.stderr)
    assert {p: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in (source, key)} == before
