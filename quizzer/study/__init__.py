"""The study loop: what ties decks, the review store and the judge together for every client.

``session`` is the driver: one study session over today's queue, owning the loop and its
policies; ``steps`` and ``presented`` are the immutable values it hands out (the next step
and what happened, the question presented, the answer judged). ``opener`` opens a review's
services, ``judge`` computes truths and verdicts on the worker pool, ``today`` counts what
is left for the home screen and ``more_new`` keeps a one-day increase of the new-card
limit. ``shown`` and ``first_question`` give the TUI a question to paint before any of that
loads. The TUI and ``review --plain`` are clients of this package; nothing here imports
Textual or torch.
"""
