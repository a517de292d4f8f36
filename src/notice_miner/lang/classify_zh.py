"""Language data for the measure classifier."""

# Labelled lines of problem-by-problem notices; a measure's lead clause starts after the first of them.
LEAD_AFTER = ("整改情况", "整改措施", "整改进展", "主要措施")

# Where a measure's lead clause ends.
CLAUSE_END = ("。", ";", "；", ",", "，", ":", "\n")
