"""hfortix.transports: execute the requests hfortix.core builds (sync, asyncio, trio)."""
