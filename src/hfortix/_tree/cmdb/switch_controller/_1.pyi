"""Typing only: where fgt.api.cmdb.switch_controller's endpoint classes are."""

from ._1_ import FlowTracking as FlowTracking, FortilinkSettings as FortilinkSettings, Global as Global, IgmpSnooping as IgmpSnooping, IgmpSnoopingStaticGroup as IgmpSnoopingStaticGroup, InitialConfigTemplate as InitialConfigTemplate, InitialConfigVlans as InitialConfigVlans, IpSourceGuardLog as IpSourceGuardLog
