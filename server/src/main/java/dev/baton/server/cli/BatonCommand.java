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

  public static void main(String[] args) {
    System.exit(new CommandLine(new BatonCommand()).execute(args));
  }
}
