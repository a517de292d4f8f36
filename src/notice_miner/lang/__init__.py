"""Language data: patterns, numerals and word lists, kept apart from code."""
