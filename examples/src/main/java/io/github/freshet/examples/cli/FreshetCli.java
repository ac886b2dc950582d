package io.github.freshet.examples.cli;

/** Placeholder entry point, replaced by the picocli command. */
public final class FreshetCli {
  private FreshetCli() {}

  /**
   * Runs the CLI.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {}
}
