/**
 * The {@code freshet} command line: the Lead API through all three Freshet layers, and a demo that
 * walks through them live against the embedded server.
 */
@NullMarked
package io.github.freshet.examples.cli;

import org.jspecify.annotations.NullMarked;
