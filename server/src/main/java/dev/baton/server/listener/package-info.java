/**
 * What one listening port lets its clients hold: connections, HTTP/2 streams, time (header, body,
 * idle, write-stall timeouts) and resets. Enforced on the Netty pipeline of each connection, so an
 * unauthenticated client is held to the same bounds as any other, before a request reaches a route.
 */
package dev.baton.server.listener;
