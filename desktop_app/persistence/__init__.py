"""persistence layer (see ../shared/ARCHITECTURE.md)."""
