"""Scheduling: FSRS through the `fsrs` package, study days, leeches and typed settings.

Pure code: no database, no UI. The review service (`quizzer.review`) stores what this
package computes.
"""
