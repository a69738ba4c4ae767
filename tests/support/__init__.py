"""Test harness: private Redis servers, PeerCircle processes and protocol clients."""
