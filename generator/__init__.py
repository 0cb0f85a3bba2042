"""trustgen: one YAML knowledge base of security facts, every output a customer asks for."""

__version__ = "0.1.0"
