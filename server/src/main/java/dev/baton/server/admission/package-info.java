/**
 * Admission control: global and per-pool in-flight limits, a bounded wait queue with a deadline,
 * strict priority classes from a request header, and round-robin sharing between tenants inside a
 * class so one busy tenant cannot starve the others. A full queue or an expired wait is a 429 with
 * {@code Retry-After}.
 */
package dev.baton.server.admission;
