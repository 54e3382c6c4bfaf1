/**
 * Executing an inference request's plan, with one entry ({@link
 * dev.baton.transfer.protocol.Exchanges}): the protocols, i.e. the shapes of the legs. Aggregated (one
 * worker), sequential (prefill answers with a handle, then decode) and concurrent (both legs at once,
 * joined by a rendezvous id). Which one runs follows from the pool's dialect.
 */
package dev.baton.transfer.protocol;
