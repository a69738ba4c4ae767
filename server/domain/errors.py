"""The one exception the domain raises: a refused command with a stable code."""

from protocol.codes import ErrorCode


class DomainError(Exception):
    """`code` is stable and machine-readable; `message` is safe to show a user."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
