"""Digital signatures on plan 94: signed with a PKCS#12 file and with a SoftHSM2 token, checked by pyHanko
(through ``verify_pdf``) and independently by poppler (pdfsig, pdftotext, pdftoppm)."""

from __future__ import annotations

import datetime
import io
import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from desktop_app.domain.demo_documents import PLAN_94
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
from tests.signing_keys import (
    ORGANISATION,
    PASSPHRASE,
    SIGNER_NAME,
    CertificateAuthority,
    SoftHsmToken,
    make_ca,
    require_tool,
)

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
    stamp_time = info.signing_time.isoformat()
    assert ISO_8601.fullmatch(stamp_time)
    assert f"Ký bởi: {SIGNER_NAME}" in text and ORGANISATION in text, text
    assert f"Thời gian ký: {stamp_time}" in text, text
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
    assert first_lines == ["94/KH-LĐLĐ", info.signing_time.isoformat()]
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
    [report] = json.loads(verified.stdout)
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
    pdfsig = subprocess.run(["pdfsig", str(signed)], capture_output=True, text=True)
    assert "Signature is Valid" in pdfsig.stdout
