"""Typing only: where fgt.api.monitor.forticonverter's endpoint classes are."""

from ._0_ import Eligibility as Eligibility, EligibilityUpdate as EligibilityUpdate, TicketStatus as TicketStatus, TicketCreate as TicketCreate, TicketSubmit as TicketSubmit, SnList as SnList, SnListUpdate as SnListUpdate, IntfList as IntfList
