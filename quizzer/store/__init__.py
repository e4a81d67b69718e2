"""The review store: SQLAlchemy models, the engine and sessions, and Alembic migrations run at start-up."""
