"""CongDoan Desk: the desktop application of a district trade-union office."""

__version__ = "0.1.0"
