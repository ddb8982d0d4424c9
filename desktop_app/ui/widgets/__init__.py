"""ui/widgets layer (see ../shared/ARCHITECTURE.md)."""
