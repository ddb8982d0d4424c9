"""Throwaway keys for signing tests: a CA, signer certificates, a PKCS#12 file and a SoftHSM2 token.

Nothing here is trusted anywhere: every key is made for one test run under pytest's temporary folders.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPublicKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

SIGNER_NAME = "Nguyễn Văn Hùng"  # the name printed under PLAN_94's signer block
ORGANISATION = "Liên đoàn Lao động huyện Dương Minh Châu"
PASSPHRASE = b"mat-khau-Ky-so-2021"
SO_PIN = "87654321"
USER_PIN = "123456"
TOKEN_LABEL = "LDLD-DMC"
KEY_LABEL = "ky-so-chu-tich"

# Debian/Ubuntu put the module under the multiarch folder or softhsm/, Fedora and macOS elsewhere.
SOFTHSM_LIBRARY_CANDIDATES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib64/pkcs11/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
    "/opt/homebrew/lib/softhsm/libsofthsm2.so",
)


def require_tool(name: str, package: str) -> str:
    """The tool's path; a missing tool fails the test (never skips) so CI cannot pass without checking."""
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: install the Debian package {package} (.ci/apt-packages.txt)")
    return found


def softhsm_library() -> Path:
    for candidate in SOFTHSM_LIBRARY_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    pytest.fail("libsofthsm2.so not found: install the Debian package softhsm2 (.ci/apt-packages.txt)")


@dataclass(frozen=True)
class CertificateAuthority:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    pem_path: Path

    def issue(self, public_key: CertificateIssuerPublicKeyTypes, common_name: str = SIGNER_NAME,
              organisation: str = ORGANISATION, valid_days: tuple[int, int] = (-1, 365)) -> x509.Certificate:
        """A signing certificate as Vietnamese CAs issue them: digital signature and non-repudiation.

        ``valid_days``: first and last day of validity, counted from today (negative: in the past).
        """
        now = datetime.datetime.now(datetime.UTC)
        subject = x509.Name([
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ])
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.cert.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now + datetime.timedelta(days=valid_days[0]))
            .not_valid_after(now + datetime.timedelta(days=valid_days[1]))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False)
            .sign(self.key, hashes.SHA256())
        )


def make_ca(folder: Path, common_name: str = "CA thử nghiệm Công đoàn Desk",
            valid_days: tuple[int, int] = (-2, 3650)) -> CertificateAuthority:
    folder.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Phòng thử nghiệm"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + datetime.timedelta(days=valid_days[0]))
        .not_valid_after(now + datetime.timedelta(days=valid_days[1]))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    pem_path = folder / "ca.pem"
    pem_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return CertificateAuthority(key, cert, pem_path)


def make_pkcs12(ca: CertificateAuthority, path: Path, passphrase: bytes = PASSPHRASE,
                common_name: str = SIGNER_NAME, valid_days: tuple[int, int] = (-1, 365)) -> Path:
    """A .p12 file with a fresh key, its certificate from ``ca`` and the CA certificate, as CAs hand them out."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = ca.issue(key.public_key(), common_name, valid_days=valid_days)
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"ky-so", key, cert, [ca.cert], serialization.BestAvailableEncryption(passphrase)))
    return path


@dataclass(frozen=True)
class SoftHsmToken:
    library: Path
    config: Path  # what SOFTHSM2_CONF must point at, in this process and in pdfsig/softhsm2-util children
    label: str
    pin: str
    key_label: str


def make_softhsm_token(ca: CertificateAuthority, folder: Path, label: str = TOKEN_LABEL, pin: str = USER_PIN,
                       key_label: str = KEY_LABEL, common_name: str = SIGNER_NAME) -> SoftHsmToken:
    """A SoftHSM2 token whose RSA key is generated on the token, with a certificate from ``ca`` stored beside it.

    SoftHSM2 reads SOFTHSM2_CONF once, when the PKCS#11 library is first initialised in a process, so the caller
    must set it before anything loads the library and keep it for the rest of the process.
    """
    import os

    import pkcs11
    from asn1crypto.core import Integer
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass

    tool = require_tool("softhsm2-util", "softhsm2")
    library = softhsm_library()
    tokens = folder / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    config = folder / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n",
                      encoding="utf-8")
    if os.environ.get("SOFTHSM2_CONF") != str(config):
        pytest.fail(f"set SOFTHSM2_CONF={config} before making the token (SoftHSM2 reads it once per process)")
    subprocess.run([tool, "--init-token", "--free", "--label", label, "--so-pin", SO_PIN, "--pin", pin],
                   check=True, capture_output=True, env={**os.environ, "SOFTHSM2_CONF": str(config)})

    lib = pkcs11.lib(str(library))
    token = lib.get_token(token_label=label)
    key_id = b"\x01"
    with token.open(rw=True, user_pin=pin) as session:
        public, _private = session.generate_keypair(KeyType.RSA, 2048, id=key_id, label=key_label, store=True)
        public_key = rsa.RSAPublicNumbers(
            int.from_bytes(public[Attribute.PUBLIC_EXPONENT], "big"),
            int.from_bytes(public[Attribute.MODULUS], "big"),
        ).public_key()
        cert = ca.issue(public_key, common_name)
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE,
            Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True,
            Attribute.LABEL: key_label,
            Attribute.ID: key_id,
            Attribute.SUBJECT: cert.subject.public_bytes(),
            Attribute.ISSUER: cert.issuer.public_bytes(),
            Attribute.SERIAL_NUMBER: Integer(cert.serial_number).dump(),  # PKCS#11 wants it DER-encoded
            Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
        })
    return SoftHsmToken(library, config, label, pin, key_label)
