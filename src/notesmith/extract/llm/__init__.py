"""The LLM extractor: any OpenAI-compatible chat model, grounded in the source, chunked, cached, private."""
