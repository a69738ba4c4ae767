"""Exports of a meeting's summary: Markdown (to read and send), JSON (everything, versioned)
and CSV (the actions, for a spreadsheet or a tracker). Each is built from
`server.domain.summary.summary`, so they never disagree with the summary page."""
