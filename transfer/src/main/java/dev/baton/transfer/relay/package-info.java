/** Relaying a worker's answer to the client with backpressure, idle detection and client-abort propagation. */
package dev.baton.transfer.relay;
