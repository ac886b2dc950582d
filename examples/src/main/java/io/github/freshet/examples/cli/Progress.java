package io.github.freshet.examples.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/**
 * A progress display from 0 to 100: a live bar (me.tongfei:progressbar) on a terminal, one plain
 * line per change otherwise, nothing in JSON mode (commands print JSON records themselves).
 */
final class Progress implements AutoCloseable {
  private final Console console;
  private final String task;
  private final @Nullable ProgressBar bar;
  private int shown = -1;
  private String shownDetail = "";

  Progress(Console console, String task) {
    this.console = console;
    this.task = task;
    this.bar =
        console.isInteractive()
            ? new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(100)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit("%", 1)
                .setUpdateIntervalMillis(100)
                .setConsumer(new ConsoleProgressBarConsumer(console.out()))
                .build()
            : null;
  }

  /** Shows a new percentage and a short detail such as counts. */
  synchronized void update(int percent, String detail) {
    int clamped = Math.max(0, Math.min(100, percent));
    if (bar != null) {
      bar.stepTo(clamped);
      bar.setExtraMessage(detail);
    } else if (clamped != shown || !detail.equals(shownDetail)) {
      console.say("%s: %3d%% %s", task, clamped, detail);
    }
    shown = clamped;
    shownDetail = detail;
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
