/** Tests of the demo Lead API server, on real sockets against {@code docs/openapi.yaml}. */
@NullMarked
package io.github.freshet.examples.server;

import org.jspecify.annotations.NullMarked;
