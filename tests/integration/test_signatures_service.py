"""services/signatures: the one signing path of the screens and the command line. Every failure is a UserError
with the Vietnamese message, and nothing is written when signing fails."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop_app.bootstrap import AppContext
from desktop_app.files.pdf.official import render_official_pdf
from desktop_app.services.demo_content import demo_documents
from desktop_app.services.errors import UserError
from desktop_app.services.signatures import (
    Pkcs12Signer,
    SignatureAppearance,
    SignatureProblem,
    format_signing_time,
    sign_pdf_file,
    verify_signed_pdf,
)
from tests.signing_keys import PASSPHRASE, SIGNER_NAME, CertificateAuthority


@pytest.fixture(scope="module")
def plan_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdf = tmp_path_factory.mktemp("plan") / "ke_hoach_94.pdf"
    render_official_pdf(demo_documents().plan_94, pdf)
    return pdf


def test_a_file_signed_through_the_service_verifies_against_its_root(
        plan_pdf: Path, p12: Path, ca: CertificateAuthority, tmp_path: Path) -> None:
    out = tmp_path / "da_ky.pdf"
    info = sign_pdf_file(plan_pdf, out, Pkcs12Signer(p12, PASSPHRASE), reason="Ban hành",
                         appearance=SignatureAppearance(signer_name=SIGNER_NAME))
    assert info.path == out and info.signer_name == SIGNER_NAME
    assert re.fullmatch(r"\d\d:\d\d ngày \d\d/\d\d/\d{4}", format_signing_time(info.signing_time))
    [report] = verify_signed_pdf(out, [ca.pem_path])
    assert report.ok
    [untrusted] = verify_signed_pdf(out)
    assert untrusted.intact and not untrusted.trusted


def test_a_wrong_password_is_a_user_error_and_writes_nothing(plan_pdf: Path, p12: Path, tmp_path: Path) -> None:
    out = tmp_path / "da_ky.pdf"
    with pytest.raises(UserError) as caught:
        sign_pdf_file(plan_pdf, out, Pkcs12Signer(p12, b"sai mat khau"))
    assert isinstance(caught.value, SignatureProblem) and "mật khẩu" in str(caught.value).lower()
    assert list(tmp_path.iterdir()) == []


def test_verifying_tells_an_unsigned_file_from_an_unreadable_one(plan_pdf: Path, tmp_path: Path) -> None:
    with pytest.raises(SignatureProblem, match="không có chữ ký số") as unsigned:
        verify_signed_pdf(plan_pdf)
    assert unsigned.value.unsigned
    note = tmp_path / "ghi_chu.pdf"
    note.write_text("không phải PDF", encoding="utf-8")
    with pytest.raises(SignatureProblem, match="không phải là tệp PDF") as unreadable:
        verify_signed_pdf(note)
    assert not unreadable.value.unsigned and isinstance(unreadable.value, UserError)


def test_the_document_service_signs_through_the_same_path(
        demo_context: AppContext, p12: Path, ca: CertificateAuthority, tmp_path: Path) -> None:
    plan = next(d for d in demo_context.documents.list_documents() if d.symbol == "94/KH-LĐLĐ")
    with pytest.raises(SignatureProblem):
        demo_context.documents.sign_pdf(plan.id, tmp_path / "sai.pdf", Pkcs12Signer(p12, b"sai mat khau"))
    assert not (tmp_path / "sai.pdf").exists()
    info = demo_context.documents.sign_pdf(plan.id, tmp_path / "ky.pdf", Pkcs12Signer(p12, PASSPHRASE))
    [report] = verify_signed_pdf(info.path, [ca.pem_path])
    assert report.ok
