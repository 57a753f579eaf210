"""Typing only: where fgt.api.monitor.endpoint_control's endpoint classes are."""

from ._2_ import EmsVerifyCert as EmsVerifyCert, EmsUnverifyCert as EmsUnverifyCert, RegistrationPasswordCheck as RegistrationPasswordCheck
