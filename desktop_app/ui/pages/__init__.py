"""ui/pages layer (see ../shared/ARCHITECTURE.md)."""
