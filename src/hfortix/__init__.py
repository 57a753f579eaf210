"""hfortix: a Python SDK for the FortiOS REST API.

    from hfortix import FortiOS
    with FortiOS("10.0.0.1", token="…") as fgt:
        fgt.api.cmdb.firewall.address.list()
"""

import sys as _sys
import types as _types

from hfortix.core.compare import UNKNOWN
from hfortix.core.ensure import Change

from . import exceptions as _exceptions
from .client import FortiOS
from .exceptions import *  # noqa: F403 - the exception classes are part of the top-level API
from .exceptions import __all__ as _exception_names
from .fleet import Device, DeviceResult, Fleet
from .modes import AsyncMode, SyncMode


def __getattr__(name: str) -> str:
    # Read lazily: importlib.metadata pulls in email and socket, which `import hfortix.core`
    # (it imports this package first) must not.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("hfortix")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0.0.0"
    raise AttributeError(f"module 'hfortix' has no attribute {name!r}")


# The user guide imports errors from `hfortix.FortiOS.exceptions_forti`. `hfortix.FortiOS` is
# the class, so that path is served by registering modules under those names; the import
# system looks in sys.modules first and never replaces the `FortiOS` attribute.
_compat = _types.ModuleType("hfortix.FortiOS", "Compatibility path for hfortix.FortiOS.exceptions_forti.")
_compat.exceptions_forti = _exceptions  # type: ignore[attr-defined]
_sys.modules.setdefault("hfortix.FortiOS", _compat)
_sys.modules.setdefault("hfortix.FortiOS.exceptions_forti", _exceptions)

__all__ = [  # noqa: F405
    "UNKNOWN", "AsyncMode", "Change", "Device", "DeviceResult", "Fleet", "FortiOS", "SyncMode", "__version__",
    *_exception_names,
]
