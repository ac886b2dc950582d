/** End-to-end tests of the CLI against the embedded demo server. */
@NullMarked
package io.github.freshet.examples.cli;

import org.jspecify.annotations.NullMarked;
