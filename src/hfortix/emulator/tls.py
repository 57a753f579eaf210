"""A certificate authority and server certificate for the emulator's HTTPS.

By default made fresh at every start (trustme, ECDSA: a few milliseconds), so nothing secret
lives on disk beyond the run: the CA certificate (public) is written to a temporary PEM file
that clients pass as `verify=`, and `close()` removes it.

With `ca_dir` (the emulator's `--state-dir`), the CA is kept there instead (`ca.pem`, and its
private key in `ca-key.pem`, readable by the owner only) and reused at the next start, so a
client that trusts it keeps working across restarts; each start still issues a new server
certificate for the names of that run.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import ssl
import tempfile
from collections.abc import Iterable
from typing import Any

__all__ = ["LOOPBACK_NAMES", "ServerCertificate", "check_name", "names_for"]

LOOPBACK_NAMES = ("127.0.0.1", "::1", "localhost")

# Binding these means "every interface": the certificate cannot name them, so it names the
# loopback names only and the caller adds the real addresses it wants to be reached at.
_WILDCARDS = {"0.0.0.0", "::", ""}


def names_for(bind_host: str, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The names the certificate must be valid for: loopback, the bound address, and `extra`."""
    names = list(LOOPBACK_NAMES)
    for name in (bind_host, *extra):
        name = name.strip("[]")
        if name not in _WILDCARDS and name not in names:
            names.append(name)
    return tuple(names)


class ServerCertificate:
    """A CA and a server certificate for `names`; `ssl_context` serves it, `ca_path` verifies it."""

    def __init__(self, names: Iterable[str] = LOOPBACK_NAMES, *, ca_dir: str | None = None) -> None:
        try:
            import trustme
        except ImportError:  # pragma: no cover - depends on the installation
            raise RuntimeError(
                "the emulator's HTTPS needs 'trustme': pip install 'hfortix[emulator]' (or use http=True)"
            ) from None
        names = tuple(names)
        if not names:
            raise ValueError("a server certificate needs at least one host name or IP address")
        for name in names:
            check_name(name)
        self.names = names
        self._kept = ca_dir is not None
        self._ca = _kept_ca(ca_dir) if ca_dir is not None else trustme.CA(organization_name="hfortix emulator")
        leaf = self._ca.issue_cert(*names, common_name=names[0])
        self.ssl_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.ssl_context.set_alpn_protocols(["http/1.1"])
        leaf.configure_cert(self.ssl_context)
        if ca_dir is not None:
            self.ca_path: str | None = os.path.join(ca_dir, CA_FILE)
            return
        descriptor, path = tempfile.mkstemp(prefix="hfortix-emulator-ca-", suffix=".pem")
        with os.fdopen(descriptor, "wb") as file:
            file.write(self._ca.cert_pem.bytes())
        self.ca_path = path

    @property
    def ca_pem(self) -> bytes:
        """The CA certificate, PEM-encoded (what `ca_path` holds)."""
        return bytes(self._ca.cert_pem.bytes())

    def close(self) -> None:
        """Remove the CA file (a kept one stays). Calling it again does nothing."""
        path, self.ca_path = self.ca_path, None
        if path is not None and not self._kept:
            with contextlib.suppress(FileNotFoundError):  # someone tidied /tmp before us
                os.unlink(path)

    def __enter__(self) -> ServerCertificate:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


CA_FILE = "ca.pem"
CA_KEY_FILE = "ca-key.pem"


def _kept_ca(folder: str) -> Any:
    """The CA kept in `folder`, made and written there on first use."""
    import trustme

    certificate, key = os.path.join(folder, CA_FILE), os.path.join(folder, CA_KEY_FILE)
    if os.path.exists(certificate) and os.path.exists(key):
        with open(certificate, "rb") as cert_file, open(key, "rb") as key_file:
            try:
                return trustme.CA.from_pem(cert_file.read(), key_file.read())
            except ValueError as exc:
                problem = f"{folder} holds a CA that cannot be read ({exc}): remove {CA_FILE} and {CA_KEY_FILE}"
                raise ValueError(problem) from exc
    os.makedirs(folder, mode=0o700, exist_ok=True)
    ca = trustme.CA(organization_name="hfortix emulator")
    descriptor = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # the private key: owner only
    with os.fdopen(descriptor, "wb") as key_file:
        key_file.write(ca.private_key_pem.bytes())
    with open(certificate, "wb") as cert_file:
        cert_file.write(ca.cert_pem.bytes())
    return ca


def check_name(name: str) -> None:
    """Raise ValueError unless `name` can go into a certificate: an IP address or a host name."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"a certificate name must be a non-empty string, got {name!r}")
    try:
        ipaddress.ip_address(name)
    except ValueError:
        if any(character.isspace() or character in "/:@" for character in name):
            raise ValueError(f"{name!r} is neither an IP address nor a host name") from None
