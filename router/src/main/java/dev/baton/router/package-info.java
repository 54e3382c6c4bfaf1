/**
 * Routing decisions: endpoints and pools with live state, the scheduling pipeline, prefix indexes and the prefill/decode decision. Pure Java: no I/O, no Vert.x.
 */
package dev.baton.router;
