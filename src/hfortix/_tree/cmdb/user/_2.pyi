"""Typing only: where fgt.api.cmdb.user's endpoint classes are."""

from ._2_ import NacPolicy as NacPolicy, Oidc as Oidc, PasswordPolicy as PasswordPolicy, Peer as Peer, Peergrp as Peergrp, Pop3 as Pop3, Quarantine as Quarantine, Radius as Radius
