"""Typing only: where fgt.api.cmdb.firewall's endpoint classes are."""

from ._3_ import IdentityBasedRoute as IdentityBasedRoute, InterfacePolicy as InterfacePolicy, InterfacePolicy6 as InterfacePolicy6, InternetService as InternetService, InternetServiceAddition as InternetServiceAddition, InternetServiceAppend as InternetServiceAppend, InternetServiceBotnet as InternetServiceBotnet, InternetServiceCustom as InternetServiceCustom
