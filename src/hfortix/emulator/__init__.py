"""A FortiGate emulator: a real HTTP(S) server that answers like FortiOS."""
