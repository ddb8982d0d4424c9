"""Digital signatures on PDF files, for the screens and the command line alike: signing a file with a certificate
file or a USB token, checking the signatures of a file, and the checks made on a signature image."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop_app.domain.i18n import _

# Cheap: pyHanko loads only when a file is signed or checked. The callers build signers and appearances from
# what the clerk chose; they get these names here, never from files/.
from desktop_app.files.pdf import signing
from desktop_app.files.pdf.signing import Pkcs11Signer as Pkcs11Signer
from desktop_app.files.pdf.signing import Pkcs12Signer as Pkcs12Signer
from desktop_app.files.pdf.signing import SignatureAppearance as SignatureAppearance
from desktop_app.files.pdf.signing import SignatureInfo as SignatureInfo
from desktop_app.files.pdf.signing import SignatureReport as SignatureReport
from desktop_app.files.pdf.signing import SignerSource as SignerSource
from desktop_app.files.pdf.signing import format_signing_time as format_signing_time
from desktop_app.services.errors import UserError


class SignatureProblem(UserError):
    """Signing or checking failed; ``unsigned`` is set when a checked file carries no signature at all (as opposed
    to a file that could not be read), so a script can tell the two apart."""

    def __init__(self, message: str, *, unsigned: bool = False) -> None:
        super().__init__(message)
        self.unsigned = unsigned


def sign_pdf_file(
    source: Path,
    output: Path,
    signer: SignerSource,
    *,
    reason: str = "",
    location: str = "",
    appearance: SignatureAppearance | None = None,
) -> SignatureInfo:
    """Sign ``source`` into ``output`` with a visible stamp; ``source`` is never touched and ``output`` appears whole
    or not at all. An already signed file gets one more signature, and the earlier ones stay valid."""
    try:
        return signing.sign_pdf(source, output, signer, reason=reason, location=location, appearance=appearance)
    except signing.SignatureError as exc:
        raise SignatureProblem(str(exc)) from exc


def verify_signed_pdf(path: Path, trust_roots: Sequence[Path] = ()) -> list[SignatureReport]:
    """Check every digital signature of a PDF file against the trusted root certificates."""
    try:
        return signing.verify_pdf(path, trust_roots)
    except signing.SignatureError as exc:
        raise SignatureProblem(str(exc), unsigned=exc.unsigned) from exc


def signature_image_problem(path: Path) -> str:
    """Why a signature image would hide the signer block's text ("" for a transparent PNG); the clerk is warned
    and may still go on. The same check the layout engine makes for printed signature and seal images."""
    from desktop_app.files.pdf.official import image_transparency_problem

    return image_transparency_problem(path, _("chữ ký"))
