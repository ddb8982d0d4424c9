"""The indicator screens: a CĐCS's form entered in a grid (entry_panel), and later the district's tables."""
