"""services layer (see ../shared/ARCHITECTURE.md)."""
