"""ui/dialogs layer (see ../shared/ARCHITECTURE.md)."""
