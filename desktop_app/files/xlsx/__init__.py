"""files/xlsx layer (see ../shared/ARCHITECTURE.md)."""
