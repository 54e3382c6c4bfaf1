/** Server-sent events as OpenAI streams use them. */
package dev.baton.transfer.sse;
