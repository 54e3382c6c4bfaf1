package dev.baton.server.cli;

import dev.baton.bench.cli.BenchCommand;
import dev.baton.bench.profile.FlameCommand;
import dev.baton.bench.report.ReportCommand;
import dev.baton.sim.cli.SimCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code baton} command line: one subcommand per job the jar can do. */
@Command(
    name = "baton",
    mixinStandardHelpOptions = true,
    versionProvider = BatonVersion.class,
    description = "An OpenAI-compatible inference router with prefill/decode disaggregation.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ServeCommand.class,
      EppCommand.class,
      SidecarCommand.class,
      DemoCommand.class,
      ValidateCommand.class,
      SimCommand.class,
      BenchCommand.class,
      TuneCommand.class,
      ReportCommand.class,
      FlameCommand.class,
      ReplayCommand.class
    })
public final class BatonCommand implements Runnable {

  /** One log line per record (JUL's default takes two): time, level, logger, message. */
  private static final String LOG_FORMAT = "%1$tFT%1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
    }
    System.exit(new CommandLine(new BatonCommand()).execute(args));
  }
}
