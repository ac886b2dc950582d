/**
 * An embedded, in-memory Lead API server for demos and end-to-end tests: {@link
 * io.github.freshet.examples.server.DemoServer}. It serves every endpoint of {@code
 * docs/openapi.yaml} and pushes the realtime events of {@code docs/events.md} over Server-Sent
 * Events and WebSocket. See {@code docs/demo-server.md}.
 */
@NullMarked
package io.github.freshet.examples.server;

import org.jspecify.annotations.NullMarked;
