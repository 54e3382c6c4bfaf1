/**
 * Request limits on the front door: header count and size, JSON nesting depth, prompt length,
 * {@code max_tokens} bounds (each a clear 4xx in OpenAI's shape), and per-tenant rate limits in
 * requests and tokens per minute (429 with {@code Retry-After}).
 */
package dev.baton.server.limits;
