"""Typing only: where fgt.api.monitor.user's endpoint classes are."""

from ._4_ import InfoThumbnailFile as InfoThumbnailFile, FortitokenCloudStatus as FortitokenCloudStatus, FortitokenCloudRealms as FortitokenCloudRealms, FortitokenCloudUserSources as FortitokenCloudUserSources, FortitokenCloudIdpCerts as FortitokenCloudIdpCerts, FortitokenCloudGroups as FortitokenCloudGroups, FortitokenCloudUsers as FortitokenCloudUsers, FortitokenCloudTrial as FortitokenCloudTrial
