"""ui/models layer (see ../shared/ARCHITECTURE.md)."""
