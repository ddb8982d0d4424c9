"""domain layer (see ../shared/ARCHITECTURE.md)."""
