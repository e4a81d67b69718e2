"""What runs inside a worker process: the only part of quizzer that imports torch (and numpy).

``main`` serves jobs from the parent; ``execute`` runs one job's snippets; ``summarize``
turns live objects into plain ``Outcome`` values; ``isolation`` resets and checks process
state between jobs; ``devices`` resolves the device; ``capture`` and ``interrupts``
handle the snippet's output and the soft time limit. The parent side
(``quizzer.engine.pool``) never imports this package: workers reach it through
``quizzer.engine.bootstrap``.
"""
