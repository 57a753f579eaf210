"""Typing only: where fgt.api.monitor.forticonverter's endpoint classes are."""

from ._1_ import IntfListUpdate as IntfListUpdate, CustomOperationStatus as CustomOperationStatus, IntfMapping as IntfMapping, IntfMappingSubmit as IntfMappingSubmit, MgmtIntf as MgmtIntf, MgmtIntfSubmit as MgmtIntfSubmit, Notes as Notes, NotesSubmit as NotesSubmit
