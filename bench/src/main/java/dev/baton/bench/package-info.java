/**
 * The load generator and benchmark reports.
 */
package dev.baton.bench;
