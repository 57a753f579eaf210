"""The shell: `hfortix get/set/delete/endpoints/fields/backup/fleet`, for people at a terminal.

Importing this package registers those subcommands with `hfortix.cli` (its `register()`):
`device` holds the commands that talk to one FortiGate, `discovery` the offline ones,
`fleet` the same device commands over an inventory. `base` has what they share (connection
options, failures as one line and exit statuses), `paths` turns a URL path into a catalog
endpoint and `output` prints values as JSON, tables, CSV or YAML.

They need the `cli` extra (rich for tables, colours and progress; PyYAML for `-o yaml`),
imported only once a command runs: without it they say what to install.
"""

from . import device, discovery, fleet  # noqa: F401 - importing them registers the subcommands
