"""The one exception the protocol layer raises."""

from protocol.codes import CloseCode


class ProtocolError(Exception):
    """A frame that breaks the wire contract; the connection closes with `code`."""

    def __init__(self, code: CloseCode, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
