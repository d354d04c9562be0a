"""One module per screen; each renders core objects through the Rich views the CLI uses."""
