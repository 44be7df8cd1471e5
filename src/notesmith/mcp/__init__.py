"""`notesmith mcp`: the vault served to AI assistants over the Model Context Protocol."""
