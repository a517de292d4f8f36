"""Values found so far, each with its evidence: what the facts stage fills as it reads a notice."""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]


@dataclass
class Found:
    """Values found so far, each with its evidence (as the fields of an `Evidence`, validated at the end)."""

    text: str
    metadata: dict = field(default_factory=dict)
    stats: dict = field(default_factory=dict)
    evidence: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    spans: dict[str, Span | None] = field(default_factory=dict)  # evidence field → its span

    def put(self, group: str, name: str, value, span: Span | None, *, page_quote: str | None = None) -> bool:
        target = self.metadata if group == "metadata" else self.stats
        if value is None or name in target:
            return False
        target[name] = value
        key = f"{group}.{name}"
        if span is None:
            self.evidence.append({"field": key, "span": None, "source": "page", "quote": page_quote if page_quote is not None else str(value)})
        else:
            self.evidence.append({"field": key, "span": span, "source": "text", "quote": self.text[span[0] : span[1]]})
        self.spans.setdefault(key, span)
        return True

    def span_of(self, group: str, name: str) -> Span | None:
        return self.spans.get(f"{group}.{name}")
