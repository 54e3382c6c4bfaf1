/** Executing one routing decision against workers: legs, leases and what the client gets back. */
package dev.baton.transfer.exchange;
