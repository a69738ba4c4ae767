"""The protocol version a client announces in its `hello`."""

PROTOCOL_VERSION = 1
