package dev.baton.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code baton} command line: one subcommand per job the jar can do. */
@Command(
    name = "baton",
    mixinStandardHelpOptions = true,
    versionProvider = BatonVersion.class,
    description = "An OpenAI-compatible inference router with prefill/decode disaggregation.",
    subcommands = {CommandLine.HelpCommand.class, ServeCommand.class, ValidateCommand.class, DemoCommand.class, dev.baton.bench.cli.BenchCommand.class, dev.baton.bench.report.ReportCommand.class,
      dev.baton.sim.cli.SimCommand.class})
public final class BatonCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** One log line per record (JUL's default takes two): time, level, logger, message. */
  private static final String LOG_FORMAT = "%1$tFT%1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n";

  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
    }
    System.exit(new CommandLine(new BatonCommand()).execute(args));
  }
}
