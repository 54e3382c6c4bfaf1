/**
 * EPP mode ({@code baton epp}): Baton as the Endpoint Picker of the Gateway API Inference
 * Extension. A gateway (Envoy, Istio, kgateway) streams each HTTP request to Baton over Envoy's
 * ext_proc gRPC protocol; Baton reads the headers and body, runs its scheduler over the pool and
 * answers with the picked endpoint ({@code x-gateway-destination-endpoint}); the gateway carries
 * the request itself. {@link dev.baton.server.epp.ExtProcStream} speaks the protocol, {@link
 * dev.baton.server.epp.RuntimePicker} decides, {@link dev.baton.server.epp.EppServer} runs the
 * process. See docs/gateway.md.
 */
package dev.baton.server.epp;
