/** Errors in the shape OpenAI clients understand, and the failure classes of worker calls. */
package dev.baton.transfer.error;
