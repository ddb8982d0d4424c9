"""files layer (see ../shared/ARCHITECTURE.md)."""
