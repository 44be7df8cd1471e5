"""The Obsidian note format in one place: the Tasks line grammar and status table, links, sections, frontmatter."""
