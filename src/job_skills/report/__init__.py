"""The report step: the analysis in the published document's shape (render.py) with its charts (charts.py)."""
