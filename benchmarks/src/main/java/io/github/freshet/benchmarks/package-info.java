/** JMH benchmarks; run them with {@code scripts/bench}. */
@NullMarked
package io.github.freshet.benchmarks;

import org.jspecify.annotations.NullMarked;
