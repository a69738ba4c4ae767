"""A token bucket per connection: a steady rate with room for a short burst."""

from dataclasses import dataclass, field

from protocol.limits import COMMAND_BURST, COMMAND_RATE_PER_S


@dataclass
class TokenBucket:
    rate: float = COMMAND_RATE_PER_S
    burst: float = COMMAND_BURST
    tokens: float = field(default=COMMAND_BURST)
    stamp: float = 0.0

    def take(self, now: float) -> bool:
        if self.stamp:
            self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False
