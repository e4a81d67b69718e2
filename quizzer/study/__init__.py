"""The study loop: what ties decks, the review store and the judge together for every client.

``opener`` opens a review's services, ``judge`` computes truths and verdicts on the worker
pool, ``session`` is one study session over today's queue, and ``shown`` keeps the next
question of a review scope for the TUI's first paint. The TUI and ``review --plain`` are
clients of this package; nothing here imports Textual or torch.
"""
