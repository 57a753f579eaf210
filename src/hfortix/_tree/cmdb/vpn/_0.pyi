"""Typing only: where fgt.api.cmdb.vpn's endpoint classes are."""

from ._0_ import CertificateCa as CertificateCa, CertificateCrl as CertificateCrl, CertificateHsmLocal as CertificateHsmLocal, CertificateLocal as CertificateLocal, CertificateOcspServer as CertificateOcspServer, CertificateRemote as CertificateRemote, CertificateSetting as CertificateSetting, IkeGateway as IkeGateway
