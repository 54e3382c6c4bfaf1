/** The worker HTTP client: per-worker connection pools, timeouts, abortable calls, header hygiene. */
package dev.baton.transfer.upstream;
