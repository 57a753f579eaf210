"""hfortix: a Python SDK for the FortiOS REST API."""
