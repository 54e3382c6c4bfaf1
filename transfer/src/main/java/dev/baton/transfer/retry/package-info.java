/**
 * Retrying a request on another worker before its client has seen a byte: which failures qualify,
 * how long to back off, and a budget that caps retries as a share of traffic so retries cannot
 * multiply the load on a fleet that is already failing.
 */
package dev.baton.transfer.retry;
