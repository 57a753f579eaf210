"""Errors say what usually causes them and what hfortix did.

A 401 names the usual causes (a wrong or expired token, the trusted hosts); a 403 the admin
profile, a read-only token, a VDOM the admin may not use. When retries run out the message
says how many attempts were made; a POST that was not sent again says why. A misspelt read
option gets "did you mean", as a misspelt field does.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from recording import JSON, OK, Scripted

from hfortix import (
    AuthenticationError,
    ConfigurationError,
    ConnectionError,
    FortiOS,
    PermissionDeniedError,
    ServerError,
    UnsupportedError,
)
from hfortix.core import Response
from hfortix.emulator.app import EmulatorApp
from hfortix.testing import FortiGateEmulator
from hfortix.transports import InMemoryTransport

BUSY = Response(503, JSON, b'{"status":"error","http_status":503}')


def test_a_401_names_the_usual_causes() -> None:
    app = EmulatorApp(token="right")
    with FortiOS("fgt.test", token="wrong", transport=InMemoryTransport(app)) as fgt, \
            pytest.raises(AuthenticationError) as raised:
        fgt.api.monitor.system.status.get()
    text = str(raised.value)
    assert "HTTP 401" in text and "wrong or expired" in text and "trusted hosts" in text


def test_a_403_names_the_profile_a_read_only_token_and_the_vdom() -> None:
    app = EmulatorApp(token="rw", readonly_token="ro")
    with FortiOS("fgt.test", token="ro", transport=InMemoryTransport(app)) as fgt, \
            pytest.raises(PermissionDeniedError) as raised:
        fgt.api.cmdb.firewall.address.create(name="a", subnet="10.0.0.1/32")
    text = str(raised.value)
    assert "HTTP 403" in text and "profile" in text and "read-only" in text and "VDOM" in text


def test_retries_that_run_out_say_how_many_attempts_were_made() -> None:
    transport = Scripted(OK, BUSY, BUSY, BUSY, BUSY)
    fgt = FortiOS("fgt.test", token="t", transport=transport, retries=3, backoff=0)
    fgt.api.cmdb.firewall.address.list(count=1)
    with pytest.raises(ServerError, match=r"HTTP 503.*gave up after 4 attempts"):
        fgt.api.cmdb.firewall.address.list(count=1)


def test_a_lost_connection_that_runs_out_says_so_too() -> None:
    lost = [ConnectionError("connection reset by peer") for _ in range(3)]
    fgt = FortiOS("fgt.test", token="t", transport=Scripted(*lost), retries=2, backoff=0)
    with pytest.raises(ConnectionError, match="gave up after 3 attempts"):
        fgt.api.cmdb.firewall.address.get("x")


@pytest.mark.parametrize("answer", [BUSY, ConnectionError("connection reset by peer")], ids=["503", "reset"])
def test_a_post_says_why_it_was_not_sent_again(answer: Any) -> None:
    transport = Scripted(OK, answer)
    fgt = FortiOS("fgt.test", token="t", transport=transport, retries=3, backoff=0)
    fgt.api.cmdb.firewall.address.list(count=1)
    with pytest.raises((ServerError, ConnectionError)) as raised:
        fgt.api.cmdb.firewall.address.create(name="a", subnet="10.0.0.1/32")
    assert len(transport.sent) == 2
    assert re.search(r"not sent again: a POST .* carried out twice", str(raised.value)), str(raised.value)
    assert "gave up after" not in str(raised.value)


def test_over_sockets_with_injected_faults() -> None:
    with FortiGateEmulator() as emu, FortiOS(emu.host, token=emu.token, verify=emu.ca, retries=2,
                                             backoff=0.001) as fgt:
        fgt.api.monitor.system.status.get()
        emu.inject("503", 3, path="/api/v2/cmdb/firewall/address")
        with pytest.raises(ServerError, match="gave up after 3 attempts"):
            fgt.api.cmdb.firewall.address.list()


@pytest.mark.parametrize(("call", "hint"), [
    (lambda table: table.list(fitler="name=@a"), "did you mean 'filter' for 'fitler'"),
    (lambda table: table.list(formats=["name"]), "did you mean 'format' for 'formats'"),
    (lambda table: table.get("a", with_metas=True), "did you mean 'with_meta' for 'with_metas'"),
    (lambda table: table.list(zzz=1), "the read options are"),
])
def test_a_misspelt_read_option_gets_did_you_mean(call: Any, hint: str) -> None:
    fgt = FortiOS("fgt.test", token="t", transport=Scripted())
    with pytest.raises(ConfigurationError) as raised:
        call(fgt.api.cmdb.firewall.address)
    assert hint in str(raised.value)


@pytest.mark.parametrize(("call", "hint"), [
    (lambda fgt: fgt.api.cmdb.firewall.address.list(format=["naem", "subnet"]), "'naem' (named in format=)"),
    (lambda fgt: fgt.api.cmdb.firewall.address.list(filter="sbunet==10.0.0.1"), "'sbunet' (named in filter=)"),
    (lambda fgt: fgt.api.cmdb.firewall.address.list(sort="naem,desc"), "'naem' (named in sort=)"),
    (lambda fgt: fgt.api.cmdb.firewall.address.get("a", format="allow_routing"), "did you mean allow-routing"),
    (lambda fgt: list(fgt.api.cmdb.firewall.address.iterate(filter="naem==a")), "'naem'"),
    (lambda fgt: fgt.api.cmdb.system.global_.get(format="hostnme"), "did you mean hostname"),
    (lambda fgt: fgt.api.cmdb.firewall.addrgrp.member("g").list(format="nmae"), "addrgrp.member('g') has no field"),
])
def test_a_read_naming_a_field_the_table_lacks_is_refused_before_sending(call: Any, hint: str) -> None:
    # FortiOS would answer no rows for the filter, or leave the field out, without a word.
    transport = Scripted()
    fgt = FortiOS("fgt.test", token="t", transport=transport)
    with pytest.raises(ConfigurationError, match="has no field") as raised:
        call(fgt)
    assert hint in str(raised.value) and transport.sent == []


def test_a_read_naming_a_newer_field_is_unsupported_on_a_pinned_older_release() -> None:
    with FortiGateEmulator(firmware="7.2.8") as emu, \
            FortiOS(emu.host, token=emu.token, verify=emu.ca, firmware="7.2.8") as fgt:
        address = fgt.api.cmdb.firewall.address
        assert address.list(filter="name==none", format="name|subnet")[0]["name"] == "none"
        with pytest.raises(UnsupportedError, match=r"field 'route-tag' .* 7\.4\.0 and later"):
            address.list(filter="route-tag==1")
