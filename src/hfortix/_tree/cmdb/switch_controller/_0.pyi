"""Typing only: where fgt.api.cmdb.switch_controller's endpoint classes are."""

from ._0_ import N8021XSettings as N8021XSettings, AclGroup as AclGroup, AclIngress as AclIngress, AutoConfigCustom as AutoConfigCustom, AutoConfigDefault as AutoConfigDefault, AutoConfigPolicy as AutoConfigPolicy, CustomCommand as CustomCommand, DynamicPortPolicy as DynamicPortPolicy
