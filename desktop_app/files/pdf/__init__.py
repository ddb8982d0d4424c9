"""PDF output: the Decree 30 official-document layout engine and its fonts."""
