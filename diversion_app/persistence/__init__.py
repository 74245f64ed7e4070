"""Storage: SQLAlchemy 2 models, the engine and the migrations that keep them in step."""
